package book.ch02;

import book.ch02.proxy.program.ProxyDemo;
import book.ch02.catalogue.CatalogueDemo;
import book.ch02.cli.CommandLine;
import book.ch02.cli.Option;
import book.ch02.cli.Program;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code demo}: the chapter's narrated timeline on loopback. First every failure of the
 * catalogue in turn, what Java threw and how the classifier judged it; then the fault proxy
 * injecting latency, corruption, truncation and resets between a client and a healthy server.
 */
public final class DemoProgram implements Program {

    private final PrintStream out;

    public DemoProgram() {
        this(System.out);
    }

    public DemoProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "narrated tour: each failure produced, recognised and classified; then the fault proxy at work";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        out.println("== Chapter 2: what fails on a network, and how to tell which failure you have ==");
        out.println();
        out.println("-- Part 1: the catalogue of failures, each produced for real on 127.0.0.1 --");
        CatalogueDemo.run(out);
        out.println();
        out.println("-- Part 2: a fault-injection proxy between a client and a healthy echo server --");
        ProxyDemo.run(out);
    }
}
