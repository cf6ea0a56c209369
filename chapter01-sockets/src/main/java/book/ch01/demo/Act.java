package book.ch01.demo;

/**
 * One act of the demo: it sets something up on loopback, makes one thing happen, tells what
 * the client saw with the real figures, closes everything it opened, and ends with its lesson.
 */
interface Act {

    /** The act's title, shown when it starts. */
    String title();

    /** Runs the act; a failure ends this act only, and the demo reports it in one line. */
    void run(Narrator narrator) throws Exception;
}
