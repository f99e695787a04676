package dev.netsmtp.sample;

import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpException;
import dev.netsmtp.SmtpRecipientsRefusedException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON API the page uses: {@code POST /api/messages} sends, {@code GET /api/messages} lists
 * what the embedded server received.
 */
@RestController
public class MessageController {

    private final MailService mail;
    private final ObjectProvider<EmbeddedSmtpServer> embedded;

    /**
     * Creates the controller.
     *
     * @param mail the mail service
     * @param embedded the embedded server, when running
     */
    public MessageController(MailService mail, ObjectProvider<EmbeddedSmtpServer> embedded) {
        this.mail = mail;
        this.embedded = embedded;
    }

    /**
     * A message to send.
     *
     * @param from the sender
     * @param to recipients, separated by commas, semicolons or spaces
     * @param subject the subject
     * @param body the text
     */
    public record SendRequest(
            @Nullable String from, @Nullable String to, @Nullable String subject, @Nullable String body) {}

    /**
     * Sends a message and reports the server's answers and the time taken.
     *
     * @param request the message
     * @return 200 with the result, 400 for bad input, 502 when the server refused or failed
     */
    @PostMapping("/api/messages")
    public ResponseEntity<Map<String, Object>> send(@RequestBody SendRequest request) {
        String from = request.from() == null ? "" : request.from().trim();
        List<String> to = request.to() == null
                ? List.of()
                : Arrays.stream(request.to().split("[,;\\s]+"))
                        .filter(s -> !s.isBlank())
                        .toList();
        if (from.isEmpty() || !from.contains("@")) {
            return error(HttpStatus.BAD_REQUEST, "'from' must be an e-mail address, was '" + from + "'", null);
        }
        if (to.isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "give at least one recipient in 'to'", null);
        }
        for (String address : to) {
            if (!address.contains("@")) {
                return error(HttpStatus.BAD_REQUEST, "'" + address + "' is not an e-mail address", null);
            }
        }
        long start = System.nanoTime();
        try {
            SendResult result = mail.send(
                    from,
                    to,
                    request.subject() == null ? "" : request.subject(),
                    request.body() == null ? "" : request.body());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("accepted", result.acceptedRecipients());
            out.put(
                    "rejected",
                    result.rejected().stream()
                            .map(r -> Map.of(
                                    "recipient",
                                    r.recipient(),
                                    "reply",
                                    r.reply().toString()))
                            .toList());
            out.put("reply", result.reply().toString());
            out.put("queueId", result.queueId().orElse(""));
            out.put("millis", (System.nanoTime() - start) / 1_000_000.0);
            return ResponseEntity.ok(out);
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, e.getMessage(), null);
        } catch (SmtpRecipientsRefusedException e) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put(
                    "rejected",
                    e.refused().stream()
                            .map(r -> Map.of(
                                    "recipient",
                                    r.recipient(),
                                    "reply",
                                    r.reply().toString()))
                            .toList());
            return error(HttpStatus.BAD_GATEWAY, e.getMessage(), extra);
        } catch (SmtpException e) {
            Map<String, Object> extra = new LinkedHashMap<>();
            e.reply().ifPresent(r -> extra.put("reply", r.toString()));
            extra.put("transient", e.isTransient());
            return error(HttpStatus.BAD_GATEWAY, e.getMessage(), extra);
        }
    }

    /**
     * Lists what the embedded server received.
     *
     * @return {@code embedded} and {@code messages}
     */
    @GetMapping("/api/messages")
    public Map<String, Object> inbox() {
        EmbeddedSmtpServer server = embedded.getIfAvailable();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("embedded", server != null);
        out.put("messages", server == null ? List.of() : server.inbox());
        return out;
    }

    private static ResponseEntity<Map<String, Object>> error(
            HttpStatus status, @Nullable String message, @Nullable Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message == null ? status.getReasonPhrase() : message);
        if (extra != null) {
            body.putAll(extra);
        }
        return ResponseEntity.status(status).body(body);
    }
}
