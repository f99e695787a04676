package dev.netsmtp.sample;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.netsmtp.SendResult;
import dev.netsmtp.session.Smtp;
import dev.netsmtp.session.SmtpConfig;

/**
 * The sample until the Spring Boot web sample lands: starts an embedded GreenMail server on
 * 127.0.0.1, sends one message through netsmtp with a transcript, and prints what arrived.
 */
public final class SampleApplication {

    private SampleApplication() {}

    /**
     * Entry point.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        try {
            SmtpConfig config = SmtpConfig.builder()
                    .host("127.0.0.1")
                    .port(server.getSmtp().getPort())
                    .helo("sample.netsmtp.dev")
                    .transcript(System.out::println)
                    .build();
            String message = "From: sample@example.com\r\nTo: you@example.com\r\nSubject: Hello from netsmtp\r\n\r\n"
                    + "It works.\r\n";
            SendResult result =
                    Smtp.call(config, session -> session.sendMessage(message, "sample@example.com", "you@example.com"));
            System.out.println();
            System.out.println("accepted " + result.acceptedRecipients() + " with " + result.reply());
            System.out.println("the embedded server holds " + server.getReceivedMessages().length + " message(s)");
        } finally {
            server.stop();
        }
    }
}
