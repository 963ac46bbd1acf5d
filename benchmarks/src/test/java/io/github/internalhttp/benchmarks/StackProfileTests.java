package io.github.internalhttp.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StackProfileTests {

	private static final String CPU = """
			java/lang/Thread.run;org/springframework/web/client/DefaultRestClient.exchange;io/github/internalhttp/client/ResponseHandoff.await_[j];java/util/concurrent/CompletableFuture.get_[i];jdk/internal/misc/Unsafe.park;Unsafe_Park;futex_wait_[k] 60
			java/lang/Thread.run;org/eclipse/jetty/io/SocketChannelEndPoint.flush_[j];sun/nio/ch/FileDispatcherImpl.writev0;writev;do_writev_[k] 30
			java/lang/Thread.run;org/springframework/util/LinkedCaseInsensitiveMap.put_[j] 10
			clone3;start_thread;thread_native_entry;JavaThread::thread_main_inner;CompileBroker::compiler_thread_loop;Compile::Optimize 500
			clone3;start_thread;G1EvacuateRegionsTask::work 5
			""";

	private final StackProfile profile = StackProfile.parse(CPU, false);

	@Test
	void whenTheJitCompilerWasSampledThenItIsLeftOut() {
		assertThat(this.profile.total()).isEqualTo(105);
	}

	@Test
	void whenWorkIsChargedToWhoCausedItThenParkingIsOursAndTheSocketWriteJettys() {
		assertThat(this.profile.byOwner()).containsExactly(java.util.Map.entry("ours", 60L),
				java.util.Map.entry("Jetty", 30L), java.util.Map.entry("Spring", 10L),
				java.util.Map.entry("JVM (GC, runtime) and kernel", 5L));
		assertThat(this.profile.topOwnedSelf(2)).containsExactly(
				java.util.Map.entry("io/github/internalhttp/client/ResponseHandoff.await", 60L),
				java.util.Map.entry("org/eclipse/jetty/io/SocketChannelEndPoint.flush", 30L));
	}

	@Test
	void whenSelfTimeIsAskedForThenTheLeafFramesAndTheInnermostJavaFramesAreRanked() {
		assertThat(this.profile.topSelf(1)).containsOnlyKeys("futex_wait_[k]");
		assertThat(this.profile.topJavaSelf(2)).containsExactly(
				java.util.Map.entry("jdk/internal/misc/Unsafe.park", 60L),
				java.util.Map.entry("sun/nio/ch/FileDispatcherImpl.writev0", 30L));
	}

	@Test
	void whenAnAllocationProfileIsReadThenTheAllocatedTypeIsNotTakenForCode() {
		StackProfile allocations = StackProfile.parse(
				"java/lang/Thread.run;org/eclipse/jetty/http/MutableHttpFields.<init>;org.eclipse.jetty.http.HttpField[]_[i] 4096\n",
				true);
		assertThat(allocations.topOwnedSelf(1)).containsOnlyKeys("org/eclipse/jetty/http/MutableHttpFields.<init>");
		assertThat(allocations.topSelf(1)).containsOnlyKeys("org.eclipse.jetty.http.HttpField[]_[i]");
	}

	@Test
	void whenFramesAreClassifiedThenJavaCodeIsToldFromNativeAndKernelFrames() {
		assertThat(StackProfile.isJava("java/util/HashMap.get_[j]")).isTrue();
		assertThat(StackProfile.isJava("Unsafe_Park")).isFalse();
		assertThat(StackProfile.isJava("JavaThread::run")).isFalse();
		assertThat(StackProfile.isJava("do_writev_[k]")).isFalse();
		assertThat(StackProfile.isJava("pthread_mutex_lock@@GLIBC_2.2.5")).isFalse();
		assertThat(StackProfile.owner("io/github/internalhttp/benchmarks/LoadGenerator.run")).isEqualTo("benchmark harness");
		assertThat(StackProfile.owner("org/apache/hc/core5/util/ByteArrayBuffer.<init>")).isEqualTo("Apache HttpClient");
	}

	@Test
	void whenSummarisedThenTheOwnersAndHeaviestFramesAreListedWithShares() {
		assertThat(this.profile.summary("starter cpu", 5)).contains("starter cpu: 105 samples")
			.contains(" 57.14 %            60  ours")
			.contains("io.github.internalhttp.client.ResponseHandoff.await  [ours]");
	}

}
