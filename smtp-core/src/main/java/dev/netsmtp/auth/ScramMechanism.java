/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * SCRAM (RFC 5802) with SHA-256 (RFC 7677) or SHA-1, and their {@code -PLUS} forms bound to the
 * TLS channel ({@code tls-server-end-point}, RFC 5929). The password never crosses the wire, the
 * server proves it knows it too (a wrong server signature fails the login), and the server stores
 * only salted hashes.
 */
final class ScramMechanism implements AuthMechanism {

    /** RFC 7677 section 4: fewer iterations make a stolen verifier cheap to crack. */
    static final int MIN_ITERATIONS = 4096;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final String hash;
    private final String hmac;
    private final boolean plus;
    private final Supplier<String> nonces;

    ScramMechanism(String digest, boolean plus) {
        this(digest, plus, ScramMechanism::randomNonce);
    }

    ScramMechanism(String digest, boolean plus, Supplier<String> nonces) {
        boolean sha256 = digest.equals("SHA-256");
        this.name = (sha256 ? "SCRAM-SHA-256" : "SCRAM-SHA-1") + (plus ? "-PLUS" : "");
        this.hash = digest;
        this.hmac = sha256 ? "HmacSHA256" : "HmacSHA1";
        this.plus = plus;
        this.nonces = nonces;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean accepts(Credentials credentials) {
        return credentials.password().isPresent();
    }

    /** Without channel data: a {@code -PLUS} form cannot run, the plain one says it had none. */
    @Override
    public SaslExchange start(Credentials credentials) {
        return start(credentials, Optional.empty());
    }

    @Override
    public SaslExchange start(Credentials credentials, Optional<ChannelBinding> binding) {
        return start(credentials, SaslContext.of(binding));
    }

    @Override
    public SaslExchange start(Credentials credentials, SaslContext context) {
        Optional<ChannelBinding> binding = context.channelBinding();
        if (plus && binding.isEmpty()) {
            throw new IllegalStateException(name + " needs TLS channel-binding data, and there is none");
        }
        return new Exchange(
                credentials,
                gs2(binding.isPresent(), context.offered()),
                plus ? binding.get().data() : new byte[0],
                nonces.get(),
                context);
    }

    /**
     * RFC 5802 section 6: {@code p=} binds the channel; {@code y} says the client could bind but
     * believes the server cannot (it advertised no {@code -PLUS}), so a server that did advertise
     * one detects a downgrade; {@code n} says the client does not bind: no TLS data, or a plain
     * form chosen although the server advertised {@code -PLUS} (sending {@code y} then would make
     * the server refuse, as the RFC says it must).
     */
    String gs2(boolean bindingAvailable, java.util.Set<String> offered) {
        if (plus) {
            return "p=" + ChannelBinding.TLS_SERVER_END_POINT + ",,";
        }
        return bindingAvailable && !offered.contains(name + "-PLUS") ? "y,," : "n,,";
    }

    private final class Exchange implements SaslExchange {
        private final Credentials credentials;
        private final String gs2;
        private final byte[] cbindData;
        private final String clientNonce;
        private final String clientFirstBare;
        private final SaslContext context;
        private byte @Nullable [] expectedServerSignature;
        private boolean verified;

        Exchange(Credentials credentials, String gs2, byte[] cbindData, String clientNonce, SaslContext context) {
            this.credentials = credentials;
            this.gs2 = gs2;
            this.cbindData = cbindData;
            this.clientNonce = clientNonce;
            this.context = context;
            this.clientFirstBare = "n=" + saslName(credentials.username()) + ",r=" + clientNonce;
        }

        @Override
        public Optional<byte[]> initialResponse() {
            return Optional.of((gs2 + clientFirstBare).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] evaluateChallenge(byte[] challenge) {
            String text = new String(challenge, StandardCharsets.UTF_8);
            if (expectedServerSignature == null) {
                return clientFinal(text);
            }
            serverFinal(text);
            return new byte[0];
        }

        @Override
        public boolean isComplete() {
            return verified;
        }

        private byte[] clientFinal(String serverFirst) {
            String nonce = attribute(serverFirst, 'r');
            String salt = attribute(serverFirst, 's');
            String iterations = attribute(serverFirst, 'i');
            if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
                throw new IllegalArgumentException("the server's SCRAM nonce does not extend the client's");
            }
            int count;
            try {
                count = Integer.parseInt(iterations);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the server's SCRAM iteration count is not a number");
            }
            if (count < MIN_ITERATIONS) {
                throw new IllegalArgumentException("the server asks SCRAM with " + count
                        + " iterations, fewer than the " + MIN_ITERATIONS + " RFC 7677 asks for; refused");
            }
            if (count > context.maxScramIterations()) {
                // RFC 7677 leaves the upper bound to policy: a server choosing 2^31-1 would hold
                // this thread for an hour.
                throw new IllegalArgumentException("the server asks SCRAM with " + count
                        + " iterations, more than the " + context.maxScramIterations()
                        + " this client computes (SmtpConfig.Builder.scramMaxIterations); refused");
            }
            byte[] cbindInput = concat(gs2.getBytes(StandardCharsets.UTF_8), cbindData);
            String withoutProof = "c=" + Base64.getEncoder().encodeToString(cbindInput) + ",r=" + nonce;
            String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            byte[] salted = hi(
                    normalize(credentials.password().orElseThrow()),
                    Base64.getDecoder().decode(salt),
                    count,
                    context);
            byte[] clientKey = mac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = digest(clientKey);
            byte[] clientSignature = mac(storedKey, authMessage.getBytes(StandardCharsets.UTF_8));
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            byte[] serverKey = mac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
            expectedServerSignature = mac(serverKey, authMessage.getBytes(StandardCharsets.UTF_8));
            return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
        }

        private void serverFinal(String serverFinal) {
            if (serverFinal.startsWith("e=")) {
                throw new IllegalArgumentException("the server refused the SCRAM proof: " + serverFinal.substring(2));
            }
            byte[] signature = Base64.getDecoder().decode(attribute(serverFinal, 'v'));
            if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
                // The server does not know the password: not the server meant, whatever it says next.
                throw new IllegalArgumentException(
                        "the server's SCRAM signature is wrong: it does not know the password");
            }
            verified = true;
        }
    }

    /** RFC 5802 section 5.1: {@code ,} and {@code =} in a name are {@code =2C} and {@code =3D}. */
    static String saslName(String user) {
        return normalize(user).replace("=", "=3D").replace(",", "=2C");
    }

    /**
     * SASLprep (RFC 4013) as far as the JDK can: NFKC, and non-ASCII spaces mapped to a space.
     * Identical for every ASCII password.
     */
    static String normalize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isSpaceChar(c) ? ' ' : c);
        }
        return Normalizer.normalize(sb, Normalizer.Form.NFKC);
    }

    private static String attribute(String message, char key) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == key && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        throw new IllegalArgumentException("the server's SCRAM message has no '" + key + "' attribute");
    }

    /** Steps of Hi() between two checks of the session's bounds. */
    private static final int CHECK_EVERY = 4096;

    /**
     * Hi() of RFC 5802 section 2.2 (PBKDF2 with one block of the hash's length), computed here so
     * that the session's deadline and the interrupt are checked every {@value #CHECK_EVERY} steps:
     * the JDK's PBKDF2 cannot be stopped once started.
     */
    byte[] hi(String password, byte[] salt, int iterations, SaslContext context) {
        try {
            Mac prf = Mac.getInstance(hmac);
            prf.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), hmac));
            prf.update(salt);
            prf.update(new byte[] {0, 0, 0, 1});
            byte[] u = prf.doFinal();
            byte[] result = u.clone();
            for (int i = 2; i <= iterations; i++) {
                if (i % CHECK_EVERY == 0) {
                    context.checkBounds();
                }
                prf.update(u);
                prf.doFinal(u, 0);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " is not available in this JDK", e);
        }
    }

    private byte[] mac(byte[] key, byte[] data) {
        try {
            Mac m = Mac.getInstance(hmac);
            m.init(new SecretKeySpec(key, hmac));
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " is not available in this JDK", e);
        }
    }

    private byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(hash).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash + " is not available in this JDK", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String randomNonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().withoutPadding().encodeToString(bytes).replace(',', '-');
    }

    @Override
    public String toString() {
        return name;
    }
}
