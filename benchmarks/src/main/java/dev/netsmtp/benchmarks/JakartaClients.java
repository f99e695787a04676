/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.benchmarks;

import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Properties;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Jakarta Mail (Angus) as applications use it, and Spring's JavaMailSender on top of it. */
final class JakartaClients {

    private JakartaClients() {}

    static Properties properties(BenchClient.Target t) {
        Properties p = new Properties();
        p.put("mail.smtp.host", t.host());
        p.put("mail.smtp.port", Integer.toString(t.port()));
        p.put("mail.smtp.localhost", "bench.netsmtp.test");
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "30000");
        p.put("mail.smtp.writetimeout", "30000");
        return p;
    }

    /** The message parsed once, before timing (as an application holding a MimeMessage would). */
    static MimeMessage parse(Session session, byte[] bytes) throws Exception {
        MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(bytes));
        m.saveChanges();
        return m;
    }

    /** {@code angus-reuse}: one connected Transport per thread, reused: Jakarta Mail's best case. */
    static final class AngusReuse implements BenchClient {
        private final Session session;
        private final byte[] message;

        AngusReuse(Target t) {
            session = Session.getInstance(properties(t));
            message = t.message();
        }

        @Override
        public String name() {
            return "angus-reuse";
        }

        @Override
        public Sender sender() throws Exception {
            Transport transport = session.getTransport("smtp");
            transport.connect();
            MimeMessage m = parse(session, message);
            Address[] to = {new InternetAddress(Messages.TO)};
            return new Sender() {
                @Override
                public void send() throws Exception {
                    transport.sendMessage(m, to);
                }

                @Override
                public void close() throws Exception {
                    transport.close();
                }
            };
        }

        @Override
        public void close() {}
    }

    /** {@code angus-per-message}: {@code Transport.send} per message, a connection each. */
    static final class AngusPerMessage implements BenchClient {
        private final Session session;
        private final byte[] message;

        AngusPerMessage(Target t) {
            session = Session.getInstance(properties(t));
            message = t.message();
        }

        @Override
        public String name() {
            return "angus-per-message";
        }

        @Override
        public Sender sender() throws Exception {
            MimeMessage m = parse(session, message);
            return () -> Transport.send(m);
        }

        @Override
        public void close() {}
    }

    /** {@code spring-javamail}: {@code JavaMailSenderImpl.send} per message, what Spring apps do. */
    static final class SpringJavaMail implements BenchClient {
        private final JavaMailSenderImpl sender = new JavaMailSenderImpl();
        private final byte[] message;

        SpringJavaMail(Target t) {
            sender.setHost(t.host());
            sender.setPort(t.port());
            sender.setJavaMailProperties(properties(t));
            message = t.message();
        }

        @Override
        public String name() {
            return "spring-javamail";
        }

        @Override
        public Sender sender() throws Exception {
            MimeMessage m = parse(sender.getSession(), message);
            return () -> sender.send(m);
        }

        @Override
        public void close() {}
    }
}
