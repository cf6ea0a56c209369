package book.ch04.timeout;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into an address: the first step of every connect, and one the JDK cannot
 * time out ({@code InetAddress.getByName} has no timeout parameter). Injected so that a test can
 * make resolution slow without touching DNS, and so that its time is charged to the connect
 * budget like the handshake's.
 */
@FunctionalInterface
public interface Resolver {

    InetAddress resolve(String host) throws UnknownHostException;

    /** The JDK's resolver (the system's, or an installed {@code InetAddressResolverProvider}). */
    static Resolver system() {
        return InetAddress::getByName;
    }
}
