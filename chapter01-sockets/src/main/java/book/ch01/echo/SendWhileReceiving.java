package book.ch01.echo;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends on a second thread while the caller receives. A client that writes its whole request
 * before reading deadlocks as soon as the echo outgrows the socket buffers: the server blocks
 * writing an echo nobody reads, so it stops reading, so the client blocks writing, forever,
 * because a blocking write has no timeout.
 */
public final class SendWhileReceiving {

    /** Something that sends. */
    @FunctionalInterface
    public interface Sender {
        void send() throws IOException;
    }

    /** Something that receives, returning what it got. */
    @FunctionalInterface
    public interface Receiver<T> {
        T receive() throws IOException;
    }

    private SendWhileReceiving() {
    }

    // tag::exchange[]
    public static <T> T exchange(Socket socket, Duration timeout, Sender sender, Receiver<T> receiver)
            throws IOException {
        FutureTask<Void> sending = new FutureTask<>(() -> {
            sender.send();
            return null;
        });
        Thread.ofVirtual().name("sender").start(sending);
        try {
            T received = receiver.receive();
            sending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return received;
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("sending did not finish within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while exchanging");
        } finally {
            if (!sending.isDone()) {
                socket.close();                 // unblocks a sender stuck in write()
            }
        }
    }
    // end::exchange[]

    private static IOException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }
}
