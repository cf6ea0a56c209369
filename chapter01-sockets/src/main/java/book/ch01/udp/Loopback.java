package book.ch01.udp;

import java.net.InetSocketAddress;

/** How the chapter's programs print an address: {@code 127.0.0.1:PORT}, ready to paste. */
public final class Loopback {

    private Loopback() {
    }

    public static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
