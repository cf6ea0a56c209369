package book.ch01.demo;

import book.ch01.udp.DeliveryReport;
import book.ch01.udp.LossyRelay;
import book.ch01.udp.RelayConfig;
import book.ch01.udp.RelayCounts;
import book.ch01.udp.UdpReceiver;
import book.ch01.udp.UdpSender;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.SplittableRandom;

/**
 * Act 5: UDP through a seeded lossy relay. The receiver measures loss, duplicates and
 * reordering from sequence numbers alone, and its figures are set next to what the relay did.
 */
final class UdpAct implements Act {

    static final int DATAGRAMS = 1_000;
    static final int SIZE = 64;
    static final RelayConfig BAD_NETWORK = new RelayConfig(0.10, 0.02, 0.05);
    static final long SEED = 42;
    /** Never more than this many in flight, so no socket buffer on the way can overflow. */
    private static final int BATCH = 100;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Override
    public String title() {
        return "UDP: loss, duplicates and reordering, measured";
    }

    @Override
    public void run(Narrator n) throws IOException, InterruptedException {
        try (var receiver = UdpReceiver.start(0, WAIT, InstantSource.system());
             var relay = LossyRelay.start(0, receiver.address().getPort(), BAD_NETWORK, new SplittableRandom(SEED));
             var sender = new UdpSender(relay.address().getPort(), SIZE, DATAGRAMS, InstantSource.system())) {
            n.say("set-up: receiver on 127.0.0.1:%d, lossy relay on 127.0.0.1:%d in front of it",
                    receiver.address().getPort(), relay.address().getPort());
            n.say("inject: the relay drops %.0f%%, duplicates %.0f%%, reorders %.0f%% of datagrams (seed %d)",
                    100 * BAD_NETWORK.dropRate(), 100 * BAD_NETWORK.duplicateRate(),
                    100 * BAD_NETWORK.reorderRate(), SEED);
            long start = n.now();
            for (int sequence = 0; sequence < DATAGRAMS; sequence++) {
                sender.send(sequence);
                if ((sequence + 1) % BATCH == 0 || sequence + 1 == DATAGRAMS) {
                    settle(relay, receiver, sequence + 1);
                }
            }
            RelayCounts injected = relay.counts();
            DeliveryReport measured = receiver.report();
            n.say("client: sent %,d datagrams of %d bytes in %.0f ms; sendto() never reported a problem",
                    DATAGRAMS, SIZE, n.millisSince(start));
            n.say("relay did:         dropped %d, duplicated %d, reordered %d (forwarded %d)",
                    injected.dropped(), injected.duplicated(), injected.reordered(), injected.forwarded());
            n.say("receiver measured: lost %d (%.1f%%), duplicates %d, reordered %d (arrivals %d)",
                    measured.expected() - measured.unique(), 100 * measured.lossRate(), measured.duplicates(),
                    measured.reordered(), measured.arrivals());
            boolean exact = measured.expected() - measured.unique() == injected.dropped()
                    && measured.duplicates() == injected.duplicated()
                    && measured.reordered() == injected.reordered();
            n.say("check: the measured figures %s what the relay injected",
                    exact ? "equal exactly" : "DIFFER from");
        }
        n.say("lesson: UDP says nothing about loss, copies or order; only your own sequence numbers do.");
    }

    /** Waits until the relay has decided on {@code sent} datagrams and everything it forwarded arrived. */
    private static void settle(LossyRelay relay, UdpReceiver receiver, long sent) throws IOException, InterruptedException {
        if (!relay.awaitSettled(sent, WAIT)) {
            throw new IOException("the relay stalled: " + relay.counts());
        }
        if (!receiver.awaitArrivals(relay.counts().forwarded(), WAIT)) {
            throw new IOException("datagrams lost on loopback itself: " + receiver.report() + " of " + relay.counts());
        }
    }
}
