package io.github.internalhttp.sample.fanout;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Thrown when a fan-out is asked for while another one runs: the connection counts of
 * two overlapping runs could not be told apart.
 */
@ResponseStatus(HttpStatus.CONFLICT)
class FanoutInProgressException extends RuntimeException {

	FanoutInProgressException() {
		super("Another fan-out is running; try again when it ends");
	}

}
