// The live pool page: polls the actuator endpoint every second and redraws each destination;
// runs the two fan-outs on demand and draws their results side by side. No dependencies.
(function () {
	'use strict';

	const HISTORY = 60;
	const history = new Map();
	const colors = { h2c: '#1f77b4', http1: '#d95f02', idle: '#9bbfe0', grid: '#d9dee6', text: '#5b6677' };

	function el(tag, attributes, children) {
		const node = document.createElement(tag);
		Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
		(children || []).forEach((child) => node.append(child));
		return node;
	}

	function stat(label, value, name) {
		return el('div', { class: 'stat', 'data-stat': name }, [
			el('span', { class: 'label' }, [label]), el('span', { class: 'value' }, [String(value)])]);
	}

	function remember(destination) {
		const key = destination.destination + ' ' + destination.protocol;
		const points = history.get(key) || [];
		points.push({ active: destination.connections.active, idle: destination.connections.idle });
		while (points.length > HISTORY) {
			points.shift();
		}
		history.set(key, points);
		return points;
	}

	function drawHistory(canvas, points) {
		const ratio = window.devicePixelRatio || 1;
		const width = canvas.clientWidth || 300;
		const height = canvas.clientHeight || 110;
		canvas.width = width * ratio;
		canvas.height = height * ratio;
		const g = canvas.getContext('2d');
		g.scale(ratio, ratio);
		const max = Math.max(1, ...points.map((p) => p.active + p.idle));
		const x = (i) => 30 + (i * (width - 40)) / (HISTORY - 1);
		const y = (v) => height - 16 - (v * (height - 26)) / max;
		g.strokeStyle = colors.grid;
		g.fillStyle = colors.text;
		g.font = '11px system-ui, sans-serif';
		[0, max].forEach((v) => {
			g.beginPath();
			g.moveTo(30, y(v));
			g.lineTo(width - 10, y(v));
			g.stroke();
			g.fillText(String(v), 4, y(v) + 4);
		});
		g.fillText('last ' + HISTORY + ' s', width - 70, height - 2);
		const offset = HISTORY - points.length;
		[['active', colors.h2c], ['total', colors.idle]].forEach(([series, color]) => {
			g.strokeStyle = color;
			g.lineWidth = 2;
			g.beginPath();
			points.forEach((p, i) => {
				const value = (series === 'active') ? p.active : p.active + p.idle;
				if (i === 0) {
					g.moveTo(x(i + offset), y(value));
				}
				else {
					g.lineTo(x(i + offset), y(value));
				}
			});
			g.stroke();
		});
	}

	function renderDestination(destination) {
		const points = remember(destination);
		const streams = destination.streams;
		const wire = (destination.protocol === 'http1') ? 'http1' : 'h2c';
		const meterWidth = (streams.max > 0) ? Math.min(100, (100 * streams.active) / streams.max) : 0;
		const canvas = el('canvas', { class: 'history', 'aria-label': 'connections over time' });
		const node = el('div', { class: 'destination', 'data-destination': destination.destination,
			'data-protocol': destination.protocol }, [
			el('div', {}, [el('span', { class: 'name' }, [destination.destination]),
				el('span', { class: 'badge ' + wire, 'data-field': 'protocol' }, [destination.protocol])]),
			el('div', { class: 'stats' }, [
				stat('connections active', destination.connections.active, 'active'),
				stat('idle', destination.connections.idle, 'idle'),
				stat('streams in flight / limit', streams.active + ' / ' + (streams.max || '?'), 'streams'),
				stat('queued requests', destination.requests.queued, 'queued'),
				stat('dials so far', destination.connections.opened, 'dials')]),
			el('div', { class: 'meter', title: 'streams in flight against the server limit' },
				[el('span', { style: 'width:' + meterWidth + '%' })]),
			canvas,
			el('div', { class: 'legend' }, [el('span', { class: 'key', style: 'background:' + colors.h2c }), 'active',
				el('span', { class: 'key', style: 'background:' + colors.idle }), 'active + idle connections'])]);
		return { node, draw: () => drawHistory(canvas, points) };
	}

	async function refresh() {
		const status = document.getElementById('status');
		try {
			const response = await fetch('actuator/internalhttp', { headers: { Accept: 'application/json' } });
			if (!response.ok) {
				throw new Error('HTTP ' + response.status);
			}
			const body = await response.json();
			const container = document.getElementById('destinations');
			const rendered = body.destinations.map(renderDestination);
			if (rendered.length === 0) {
				container.replaceChildren(el('p', { class: 'empty' }, ['No destination yet: run a fan-out.']));
			}
			else {
				container.replaceChildren(...rendered.map((r) => r.node));
				rendered.forEach((r) => r.draw());
			}
			status.textContent = 'client ' + (body.running ? 'running' : 'stopped') + ', '
				+ body.destinations.length + ' destination(s), updated ' + new Date().toLocaleTimeString();
			status.classList.remove('error');
		}
		catch (failure) {
			status.textContent = 'cannot read /actuator/internalhttp: ' + failure.message;
			status.classList.add('error');
		}
	}

	const results = {};

	function showResult(client, report) {
		const card = document.getElementById('result-' + client);
		card.querySelector('.protocol').textContent = report.protocol;
		card.querySelector('.connections').textContent = String(report.backendConnectionsAccepted);
		card.querySelector('.rps').textContent = Math.round(report.requestsPerSecond).toLocaleString('en');
		card.querySelector('.p99').textContent = report.p99Ms.toFixed(1) + ' ms';
		card.querySelector('.errors').textContent = String(report.errors);
		card.dataset.done = 'true';
		results[client] = report;
		drawComparison();
	}

	function drawComparison() {
		const canvas = document.getElementById('comparison');
		const ratio = window.devicePixelRatio || 1;
		const width = canvas.clientWidth || 640;
		const height = canvas.clientHeight || 180;
		canvas.width = width * ratio;
		canvas.height = height * ratio;
		const g = canvas.getContext('2d');
		g.scale(ratio, ratio);
		g.font = '12px system-ui, sans-serif';
		const metrics = [['requests/s', (r) => r.requestsPerSecond, (v) => Math.round(v).toLocaleString('en')],
			['p99 (ms)', (r) => r.p99Ms, (v) => v.toFixed(1)],
			['backend connections', (r) => r.backendConnectionsAccepted, (v) => String(v)]];
		const rowHeight = height / metrics.length;
		const left = 140;
		metrics.forEach(([label, value, format], row) => {
			const top = row * rowHeight + 8;
			g.fillStyle = colors.text;
			g.fillText(label, 4, top + 16);
			const max = Math.max(1e-9, ...['shared', 'http1'].filter((c) => results[c]).map((c) => value(results[c])));
			['shared', 'http1'].forEach((client, i) => {
				const report = results[client];
				if (!report) {
					return;
				}
				const barWidth = Math.max(2, ((width - left - 70) * value(report)) / max);
				g.fillStyle = (client === 'shared') ? colors.h2c : colors.http1;
				g.fillRect(left, top + i * 14, barWidth, 11);
				g.fillStyle = colors.text;
				g.fillText(format(value(report)), left + barWidth + 6, top + i * 14 + 10);
			});
		});
	}

	async function fanout(client, requests, concurrency) {
		const response = await fetch('fanout?client=' + client + '&requests=' + requests + '&concurrency=' + concurrency);
		const body = await response.json();
		if (!response.ok) {
			throw new Error(body.message || ('HTTP ' + response.status));
		}
		return body;
	}

	async function runFanouts(event) {
		event.preventDefault();
		const button = document.getElementById('run-fanout');
		const status = document.getElementById('fanout-status');
		const requests = document.getElementById('requests').value;
		const concurrency = document.getElementById('concurrency').value;
		button.disabled = true;
		try {
			for (const client of ['shared', 'http1']) {
				status.textContent = 'running ' + requests + ' calls, ' + concurrency + ' at a time, with the '
					+ client + ' client...';
				showResult(client, await fanout(client, requests, concurrency));
			}
			status.textContent = 'done: the same calls, ' + results.shared.backendConnectionsAccepted
				+ ' connection(s) over h2c against ' + results.http1.backendConnectionsAccepted + ' over HTTP/1.1';
		}
		catch (failure) {
			status.textContent = 'fan-out failed: ' + failure.message;
		}
		finally {
			button.disabled = false;
		}
	}

	document.getElementById('fanout-form').addEventListener('submit', runFanouts);
	refresh();
	setInterval(refresh, 1000);
}());
