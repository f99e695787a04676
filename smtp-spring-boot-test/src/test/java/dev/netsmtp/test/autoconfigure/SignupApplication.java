package dev.netsmtp.test.autoconfigure;

import dev.netsmtp.SendResult;
import dev.netsmtp.template.SmtpTemplate;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/** An application as a user writes it: a service that sends mail with SmtpTemplate, one with JavaMailSender. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({SignupApplication.SignupService.class, SignupApplication.ReminderService.class})
class SignupApplication {

    @Service
    static class SignupService {
        private final SmtpTemplate smtp;

        SignupService(SmtpTemplate smtp) {
            this.smtp = smtp;
        }

        SendResult register(String address) {
            return smtp.send(
                    "noreply@example.com",
                    List.of(address),
                    "From: noreply@example.com\r\nTo: " + address + "\r\nSubject: Welcome\r\n\r\nHello!\r\n");
        }
    }

    @Service
    static class ReminderService {
        private final JavaMailSender mail;

        ReminderService(JavaMailSender mail) {
            this.mail = mail;
        }

        void remind(String address) {
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom("noreply@example.com");
            message.setTo(address);
            message.setSubject("Erinnerung");
            message.setText("Bitte bestätigen.");
            mail.send(message);
        }
    }
}
