package book.ch03.resume.range;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.fixture.CuttingProxy;
import book.ch03.idempotency.HttpExchanges;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangeDownloadTest {

    private static final int LENGTH = 200_000;

    @TempDir
    Path dir;
    private final AtomicReference<RangeHandler.Representation> current = new AtomicReference<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private HttpServer server;
    private CuttingProxy proxy;
    private HttpClient http;

    private RangeHandler.Representation publish(String name, long seed, String etag) throws Exception {
        byte[] bytes = new byte[LENGTH];
        new SplittableRandom(seed).nextBytes(bytes);
        Path path = dir.resolve(name);
        Files.write(path, bytes);
        return new RangeHandler.Representation(path, LENGTH, etag);
    }

    @BeforeEach
    void start() throws Exception {
        current.set(publish("v1.bin", 1, "\"v1\""));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/file", new RangeHandler(path -> Optional.of(current.get())));
        server.setExecutor(executor);
        server.start();
        proxy = new CuttingProxy(server.getAddress().getPort());
        http = HttpExchanges.client(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        proxy.close();
        server.stop(0);
        executor.close();
    }

    private URI viaProxy() {
        return URI.create("http://127.0.0.1:" + proxy.port() + "/file");
    }

    private HttpResponse<byte[]> get(String range) throws Exception {
        return http.send(HttpRequest.newBuilder(HttpExchanges.uri(server.getAddress(), "/file"))
                .timeout(Duration.ofSeconds(10)).header("Range", range).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Nested
    class Ranges {
        @Test
        void servesTheRequestedSliceWith206AndContentRange() throws Exception {
            HttpResponse<byte[]> r = get("bytes=100-199");
            assertEquals(206, r.statusCode());
            assertEquals("bytes 100-199/200000", r.headers().firstValue("Content-Range").orElseThrow());
            byte[] whole = Files.readAllBytes(current.get().file());
            assertArrayEquals(java.util.Arrays.copyOfRange(whole, 100, 200), r.body());
        }

        @Test
        void rangePastTheEndGets416WithTheLength() throws Exception {
            HttpResponse<byte[]> r = get("bytes=" + LENGTH + "-");
            assertEquals(416, r.statusCode());
            assertEquals("bytes */200000", r.headers().firstValue("Content-Range").orElseThrow());
        }

        @Test
        void malformedRangeIsIgnoredAndTheWholeFileSent() throws Exception {
            HttpResponse<byte[]> r = get("bytes=abc");
            assertEquals(200, r.statusCode());
            assertEquals(LENGTH, r.body().length);
        }
    }

    @Nested
    class Resuming {
        @Test
        void brokenDownloadResumesWithARangeAndEndsByteIdentical() throws Exception {
            proxy.enqueue(CuttingProxy.Fault.cutResponseAfter(LENGTH / 2));
            Path target = dir.resolve("out.bin");
            RangeDownloader.Result result = new RangeDownloader(http, Duration.ofSeconds(10), 3).download(viaProxy(), target);
            assertArrayEquals(Files.readAllBytes(current.get().file()), Files.readAllBytes(target));
            assertEquals(2, result.attempts());
            assertFalse(result.restarted());
            assertTrue(result.fetched() < LENGTH + 1024, "fetched " + result.fetched() + ": the first half was not sent again");
            assertFalse(Files.exists(dir.resolve("out.bin.part")));
            proxy.close();
            assertEquals(0, proxy.openSockets(), "the proxy forgot both sockets of every connection");
        }

        @Test
        void aBodyThatStallsMidwayIsAbandonedAndTheRestFetchedWithARange() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            RangeHandler ranges = new RangeHandler(path -> Optional.of(current.get()));
            AtomicInteger requests = new AtomicInteger();
            server.removeContext("/file");
            server.createContext("/file", exchange -> {
                if (requests.incrementAndGet() > 1) {
                    ranges.handle(exchange);
                    return;
                }
                try (exchange) { // half the file, then silence with the connection open
                    exchange.getResponseHeaders().set("ETag", current.get().etag());
                    exchange.sendResponseHeaders(200, LENGTH);
                    exchange.getResponseBody().write(Files.readAllBytes(current.get().file()), 0, LENGTH / 2);
                    exchange.getResponseBody().flush();
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                Path target = dir.resolve("out.bin");
                // the server stays silent for 60 s: only the 2 s stall limit can end the first attempt in time
                RangeDownloader.Result result = assertTimeoutPreemptively(Duration.ofSeconds(20),
                        () -> new RangeDownloader(http, Duration.ofSeconds(2), 3)
                                .download(HttpExchanges.uri(server.getAddress(), "/file"), target));
                assertArrayEquals(Files.readAllBytes(current.get().file()), Files.readAllBytes(target));
                assertEquals(2, result.attempts(), "the stalled body was given up, then resumed");
                assertFalse(result.restarted(), "the second request asked for the rest only");
                assertEquals(2, requests.get());
            } finally {
                release.countDown();
            }
        }

        @Test
        void aWholePartLeftBeforeTheRenameIsFinishedWithoutRefetching() throws Exception {
            Path target = dir.resolve("out.bin");
            // as a run leaves it if killed after its last byte and before the rename
            Files.copy(current.get().file(), dir.resolve("out.bin.part"));
            Files.writeString(dir.resolve("out.bin.part.etag"), current.get().etag());
            RangeDownloader.Result result = new RangeDownloader(http, Duration.ofSeconds(10), 3)
                    .download(HttpExchanges.uri(server.getAddress(), "/file"), target);
            assertArrayEquals(Files.readAllBytes(current.get().file()), Files.readAllBytes(target));
            assertEquals(1, result.attempts(), "the 416 for bytes=LEN- says the part is complete");
            assertEquals(0, result.fetched());
            assertFalse(Files.exists(dir.resolve("out.bin.part.etag")));
        }

        @Test
        void fileChangedBetweenAttemptsStartsOverWith200() throws Exception {
            RangeHandler.Representation v2 = publish("v2.bin", 2, "\"v2\"");
            proxy.enqueue(CuttingProxy.Fault.cutResponseAfter(LENGTH / 2));
            HttpServer swap = server; // the file changes right after the first attempt breaks
            swap.removeContext("/file");
            swap.createContext("/file", new RangeHandler(new RangeHandler.Source() {
                private int calls;

                @Override
                public synchronized Optional<RangeHandler.Representation> find(String path) {
                    return Optional.of(calls++ == 0 ? current.get() : v2);
                }
            }));
            Path target = dir.resolve("out.bin");
            RangeDownloader.Result result = new RangeDownloader(http, Duration.ofSeconds(10), 3).download(viaProxy(), target);
            assertTrue(result.restarted(), "If-Range saw a new ETag");
            assertArrayEquals(Files.readAllBytes(v2.file()), Files.readAllBytes(target));
        }
    }
}
