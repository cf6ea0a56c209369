package book.ch03.resume;

import book.ch03.cli.CommandLine;
import book.ch03.cli.Option;
import book.ch03.cli.Program;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code upload-server}: the resumable-upload server, until Ctrl-C. */
public final class UploadServerProgram implements Program {

    @Override
    public String name() {
        return "upload-server";
    }

    @Override
    public String summary() {
        return "resumable uploads (tus-style POST/HEAD/PATCH) and range downloads of finished ones";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("port", "PORT", "0", "port to listen on, 0 for any"),
                Option.value("dir", "DIR", "uploads", "directory that holds the uploads"));
    }

    /**
     * The JDK's server has no per-server read timeout or connection limit, only these global
     * properties, read once when the first server is created: set them (unless the user did)
     * before that, so a client that stalls mid-request cannot hold a thread forever.
     */
    static void limitServerTimes() {
        setIfAbsent("sun.net.httpserver.maxReqTime", "120");     // seconds to receive a request
        setIfAbsent("sun.net.httpserver.maxRspTime", "120");     // seconds to send a response
        setIfAbsent("jdk.httpserver.maxConnections", "256");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        limitServerTimes();
        UploadServer server = start(cmd.integer("port", 0, 65_535), Path.of(cmd.required("dir")), System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e);
            }
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Starts the server and says where it listens; the caller closes it. */
    public static UploadServer start(int port, Path dir, PrintStream out) throws Exception {
        UploadServer server = new UploadServer(port, dir);
        out.println("listening on " + server.address().getAddress().getHostAddress() + ":" + server.address().getPort());
        out.println("uploads are kept in " + dir.toAbsolutePath());
        return server;
    }
}
