/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.netsmtp.event.SessionDetails;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one send came to, as the page shows it: kept in {@link SendLog}, answered with 200 when
 * sent, carried in the problem details (502) when not. Absent parts are left out of the JSON.
 *
 * @param id the send's number since start
 * @param at when it ended (ISO-8601)
 * @param subject the subject
 * @param via which API sent it
 * @param millis how long it took
 * @param outcome {@code sent}, {@code failed} or {@code uncertain}
 * @param accepted the recipients the server took
 * @param rejected the recipients it refused, with its replies
 * @param reply the server's final reply, when there was one
 * @param queueId the server's queue id, when its reply names one
 * @param error why it was not sent
 * @param isTransient whether trying again later may help
 * @param connection the connection the message went on, as it was
 * @param transcript the session's commands and replies during this send (AUTH redacted)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendReport(
        int id,
        String at,
        String subject,
        SendRequest.Via via,
        double millis,
        String outcome,
        List<String> accepted,
        List<Refusal> rejected,
        @Nullable String reply,
        @Nullable String queueId,
        @Nullable String error,
        @JsonProperty("transient") @Nullable Boolean isTransient,
        @Nullable Connection connection,
        List<String> transcript) {

    /**
     * A recipient the server refused.
     *
     * @param recipient the address
     * @param reply the server's reply to it
     */
    public record Refusal(String recipient, String reply) {}

    /**
     * The connection a message went on: what was negotiated, not what was configured.
     *
     * @param server {@code host:port}
     * @param tls the TLS protocol, or {@code none} when the connection was not encrypted
     * @param auth the SASL mechanism it logged in with, or {@code none}
     */
    public record Connection(String server, String tls, String auth) {

        static Connection of(SessionDetails details) {
            return new Connection(
                    details.host() + ":" + details.port(),
                    details.tlsProtocol().orElse("none"),
                    details.authMechanism().orElse("none"));
        }
    }

    /**
     * The report's parts as problem-detail properties, the absent ones left out.
     *
     * @return name to value, in the record's order
     */
    Map<String, Object> properties() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("at", at);
        out.put("subject", subject);
        out.put("via", via);
        out.put("millis", millis);
        out.put("outcome", outcome);
        out.put("accepted", accepted);
        out.put("rejected", rejected);
        putIfPresent(out, "reply", reply);
        putIfPresent(out, "queueId", queueId);
        putIfPresent(out, "error", error);
        putIfPresent(out, "transient", isTransient);
        putIfPresent(out, "connection", connection);
        out.put("transcript", transcript);
        return out;
    }

    private static void putIfPresent(Map<String, Object> out, String name, @Nullable Object value) {
        if (value != null) {
            out.put(name, value);
        }
    }
}
