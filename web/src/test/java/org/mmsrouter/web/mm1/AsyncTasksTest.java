package org.mmsrouter.web.mm1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/** {@link AsyncTasks} on real XNIO threads: which tasks stay on the I/O thread, which go to a worker. */
class AsyncTasksTest {

    private static XnioWorker xnio;

    @BeforeAll
    static void startWorker() throws Exception {
        xnio = Xnio.getInstance("nio", AsyncTasksTest.class.getClassLoader())
                .createWorker(OptionMap.builder()
                        .set(Options.WORKER_IO_THREADS, 1)
                        .set(Options.WORKER_TASK_CORE_THREADS, 2)
                        .set(Options.WORKER_TASK_MAX_THREADS, 2)
                        .getMap());
    }

    @AfterAll
    static void stopWorker() throws Exception {
        xnio.shutdown();
        assertTrue(xnio.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** Runs {@code asking} on the I/O thread and gives back the thread the task it asks for ran on. */
    private static Thread ranOn(Consumer<Runnable> asking) throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        asking.accept(() -> ranOn.complete(Thread.currentThread()));
        return ranOn.get(10, TimeUnit.SECONDS);
    }

    private static XnioIoThread ioThread() {
        return xnio.getIoThread();
    }

    @Test
    void aTaskAskedForOnTheIoThreadRunsThereBeforeTheCallReturns() throws Exception {
        AsyncTasks tasks = new AsyncTasks(null);
        CompletableFuture<List<String>> order = new CompletableFuture<>();
        ioThread().execute(() -> {
            List<String> steps = new ArrayList<>();
            tasks.execute(() -> steps.add("task on " + Thread.currentThread().getName()));
            steps.add("call returned");
            order.complete(steps);
        });
        List<String> steps = order.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("task on " + ioThread().getName(), "call returned"), steps);
    }

    @Test
    void aBlockingTaskAskedForOnTheIoThreadGoesToAWorkerThread() throws Exception {
        AsyncTasks tasks = new AsyncTasks(null);
        Thread ran = ranOn(task -> ioThread().execute(() -> AsyncTasks.whileBlocking(() -> tasks.execute(task))));
        assertNotSame(ioThread(), ran);
        assertFalse(ran instanceof XnioIoThread, "ran on " + ran.getName());
    }

    @Test
    void aTaskAskedForElsewhereGoesToTheWorkerLearntFromAnIoThread() throws Exception {
        AsyncTasks tasks = new AsyncTasks(null);
        ranOn(task -> ioThread().execute(() -> tasks.execute(task))); // learns the worker
        Thread caller = Thread.currentThread();
        Thread ran = ranOn(tasks::execute);
        assertNotSame(caller, ran);
        assertFalse(ran instanceof XnioIoThread, "ran on " + ran.getName());
    }

    @Test
    void withNoWorkerKnownATaskAskedForOffTheIoThreadRunsOnTheCaller() throws Exception {
        AsyncTasks tasks = new AsyncTasks(null);
        assertSame(Thread.currentThread(), ranOn(tasks::execute));
    }

    @Test
    void theDeploymentsOwnExecutorTakesWhatLeavesTheIoThread() throws Exception {
        List<Runnable> handedOver = new ArrayList<>();
        Executor configured = task -> {
            synchronized (handedOver) {
                handedOver.add(task);
            }
            task.run();
        };
        AsyncTasks tasks = new AsyncTasks(configured);
        ranOn(tasks::execute);
        ranOn(task -> ioThread().execute(() -> AsyncTasks.whileBlocking(() -> tasks.execute(task))));
        ranOn(task -> ioThread().execute(() -> tasks.execute(task))); // stays on the I/O thread
        synchronized (handedOver) {
            assertEquals(2, handedOver.size());
        }
    }
}
