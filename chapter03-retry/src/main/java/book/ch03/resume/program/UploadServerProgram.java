package book.ch03.resume.program;

import book.ch03.cli.CommandLine;
import book.ch03.cli.Option;
import book.ch03.cli.Program;
import book.ch03.cli.ProgramChecks;
import book.ch03.cli.ServerPrograms;
import book.ch03.resume.upload.server.UploadServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

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
        return List.of(Option.port("port", "0", "port to listen on, 0 for any"),
                Option.text("dir", "DIR", "uploads", "directory that holds the uploads (created if absent)"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        Path dir = ProgramChecks.directory("dir", cmd.required("dir"));
        ServerPrograms.limitHttpServerTimes();
        ServerPrograms.serveUntilStopped(start(cmd.integer("port"), dir, System.out));
    }

    /** Starts the server and says where it listens; the caller closes it. */
    public static UploadServer start(int port, Path dir, PrintStream out) throws Exception {
        UploadServer server = new UploadServer(port, dir);
        out.println("listening on " + server.address().getAddress().getHostAddress() + ":" + server.address().getPort());
        out.println("uploads are kept in " + dir.toAbsolutePath());
        return server;
    }
}
