package dev.netsmtp.benchmarks;

import dev.netsmtp.pool.PoolConfig;
import dev.netsmtp.pool.PooledSmtpSessionFactory;
import dev.netsmtp.session.SmtpConfig;
import dev.netsmtp.template.RetryPolicy;
import dev.netsmtp.template.SmtpTemplate;
import dev.netsmtp.test.SmtpTestServer;
import dev.netsmtp.tls.TlsMode;
import java.time.Duration;
import java.util.List;

/**
 * Single sends through the template, one thread, to a sink that offers CHUNKING (the test kit's
 * server) behind the latency proxy: with BDAT and with DATA, the median of repeats. The proxy's
 * delay makes the round trips per message visible: with a delay of d each way a round trip costs
 * 2d, so {@code ms per message / 2d} is the round trips per message.
 *
 * <pre>java -jar benchmarks/target/netsmtp-benchmarks.jar round-trips [messages] [repeats] [delayMicros]</pre>
 */
public final class RoundTrips {

    private RoundTrips() {}

    /**
     * Runs the comparison and prints a table.
     *
     * @param args messages per run (300), repeats (3), one-way delay in microseconds (1000)
     * @throws Exception when a send fails
     */
    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long delayMicros = args.length > 2 ? Long.parseLong(args[2]) : 1000;
        byte[] message = Messages.of(2048, "round-trips@netsmtp.test");
        System.out.println("path,msgs_per_s,ms_per_msg,round_trips_per_msg");
        for (boolean chunking : List.of(true, false)) {
            double[] rates = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                rates[r] = run(chunking, messages, message, delayMicros);
            }
            java.util.Arrays.sort(rates);
            double median = rates[repeats / 2];
            double msPerMessage = 1000.0 / median;
            System.out.printf(
                    java.util.Locale.ROOT,
                    "%s,%.0f,%.2f,%.2f%n",
                    chunking ? "BDAT (CHUNKING)" : "DATA",
                    median,
                    msPerMessage,
                    msPerMessage / (2 * delayMicros / 1000.0));
        }
    }

    private static double run(boolean chunking, int messages, byte[] message, long delayMicros) throws Exception {
        try (SmtpTestServer sink = SmtpTestServer.builder().starttls(false).start();
                LatencyProxy proxy = new LatencyProxy(0, sink.port(), delayMicros);
                PooledSmtpSessionFactory pool = new PooledSmtpSessionFactory(
                        SmtpConfig.builder()
                                .host("127.0.0.1")
                                .port(proxy.port())
                                .tls(TlsMode.NONE)
                                .chunking(chunking)
                                .readTimeout(Duration.ofSeconds(30))
                                .build(),
                        PoolConfig.builder().maxTotal(1).build())) {
            SmtpTemplate template =
                    SmtpTemplate.builder(pool).retryPolicy(RetryPolicy.none()).build();
            List<String> to = List.of("rcpt@example.com");
            for (int i = 0; i < 20; i++) {
                template.send("bench@example.com", to, message);
            }
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                template.send("bench@example.com", to, message);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            sink.reset();
            return messages / seconds;
        }
    }
}
