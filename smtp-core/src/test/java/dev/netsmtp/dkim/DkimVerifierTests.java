/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netsmtp.testing.DkimVerifiers;
import dev.netsmtp.testing.TxtDns;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Signatures made by netsmtp, checked by two verifiers that are not ours: dkimpy (python3-dkim)
 * and OpenDKIM (opendkim-testmsg, asking a DNS server on loopback), on a corpus of the messages
 * that break signers: plain ASCII, 8-bit UTF-8, lines starting with a dot, trailing white space
 * and empty lines, folded headers, duplicate headers, a 10 MiB attachment, bare-LF input; with
 * RSA-2048 and Ed25519; relaxed and simple; and a message signed by both keys at once.
 */
@Timeout(300)
class DkimVerifierTests {

    static KeyPair rsa;
    static KeyPair ed25519;
    static TxtDns dns;
    static final Map<String, String> RECORDS = new LinkedHashMap<>();

    @BeforeAll
    static void keys() throws Exception {
        DkimVerifiers.assumeAvailable();
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        rsa = r.generateKeyPair();
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        RECORDS.put(
                "rsa2026._domainkey.example.com",
                "v=DKIM1; k=rsa; p="
                        + Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded()));
        // RFC 8463 section 4.2: the raw 32-byte key, the last 32 bytes of its X.509 form.
        byte[] spki = ed25519.getPublic().getEncoded();
        byte[] raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        RECORDS.put(
                "ed2026._domainkey.example.com",
                "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(raw));
        dns = new TxtDns("127.0.0.153");
        RECORDS.forEach(dns::put);
    }

    @AfterAll
    static void stop() throws Exception {
        if (dns != null) {
            dns.close();
        }
    }

    static DkimKey rsaKey() {
        return DkimKey.of("example.com", "rsa2026", rsa.getPrivate());
    }

    static DkimKey edKey() {
        return DkimKey.of("example.com", "ed2026", ed25519.getPrivate());
    }

    /** The corpus, by name. */
    static Map<String, byte[]> corpus() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        String head = "From: Shop <shop@example.com>\r\nTo: ann@example.net\r\nSubject: Your order\r\n"
                + "Date: Mon, 07 Dec 2026 10:00:00 +0000\r\nMessage-ID: <netsmtp.k1@example.com>\r\n"
                + "MIME-Version: 1.0\r\n";
        m.put("plain ASCII", (head + "Content-Type: text/plain\r\n\r\nHello.\r\nThanks.\r\n").getBytes());
        m.put(
                "8-bit UTF-8",
                (head + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                                + "Grüße, 注文 №7 — ok\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        m.put("leading dots", (head + "\r\n.one\r\n..two\r\n.\r\nend\r\n").getBytes());
        m.put(
                "trailing white space and empty lines",
                (head + "\r\nline with spaces   \r\n\ttabbed\t \r\n\r\n\r\n\r\n").getBytes());
        m.put(
                "folded headers",
                ("From: Shop\r\n <shop@example.com>\r\nTo: ann@example.net,\r\n\tbob@example.net\r\n"
                                + "Subject: a   long\r\n   folded subject\r\nDate: Mon, 07 Dec 2026 10:00:00 +0000\r\n\r\nbody\r\n")
                        .getBytes());
        // RFC 5322 allows several Received, Comments and X- fields (not two To or Subject: OpenDKIM
        // refuses such a message); both Comments are signed, chosen from the bottom up.
        m.put(
                "duplicate headers",
                ("Received: from a by b; Mon, 07 Dec 2026 10:00:00 +0000\r\n"
                                + "Received: from c by d; Mon, 07 Dec 2026 10:00:01 +0000\r\n" + head
                                + "Comments: first\r\nX-Tag: one\r\nComments: second\r\nX-Tag: two\r\n\r\nbody\r\n")
                        .getBytes());
        StringBuilder big = new StringBuilder(head)
                .append(
                        "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n")
                .append("--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        byte[] noise = new byte[10 * 1024 * 1024 * 3 / 4];
        new java.util.Random(6376).nextBytes(noise);
        big.append(Base64.getMimeEncoder().encodeToString(noise)).append("\r\n--b--\r\n");
        m.put("10 MiB attachment", big.toString().getBytes(StandardCharsets.US_ASCII));
        m.put(
                "bare LF",
                (head + "\r\nfirst\nsecond\n\nlast\n").replace("\r\n", "\n").getBytes());
        return m;
    }

    @TestFactory
    Stream<DynamicTest> bothVerifiersAcceptEverySignature() {
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, byte[]> corpus = corpus();
        for (Map.Entry<String, byte[]> e : corpus.entrySet()) {
            for (Canonicalization c : Canonicalization.values()) {
                for (String keyName : List.of("rsa-sha256", "ed25519-sha256", "both")) {
                    tests.add(DynamicTest.dynamicTest(e.getKey() + ", " + keyName + ", " + c, () -> {
                        DkimSigner.Builder b = DkimSigner.builder().canonicalization(c, c);
                        if (e.getKey().equals("duplicate headers")) {
                            List<String> headers = new ArrayList<>(DkimSigner.DEFAULT_HEADERS);
                            headers.add("Comments");
                            headers.add("Comments");
                            b.headers(headers);
                        }
                        if (!keyName.equals("ed25519-sha256")) {
                            b.key(rsaKey());
                        }
                        if (!keyName.equals("rsa-sha256")) {
                            b.key(edKey());
                        }
                        byte[] signed = b.build().sign(e.getValue());
                        DkimVerifiers.Verdict py = DkimVerifiers.dkimpy(signed, RECORDS);
                        assertThat(py.ok()).as("dkimpy: %s", py.output()).isTrue();
                        DkimVerifiers.Verdict od = DkimVerifiers.opendkim(signed, dns);
                        assertThat(od.ok())
                                .as("opendkim-testmsg: %s", od.output())
                                .isTrue();
                    }));
                }
            }
        }
        // Negative control: a changed body fails with both.
        tests.add(DynamicTest.dynamicTest("a changed body fails with both", () -> {
            byte[] signed = DkimSigner.builder().key(rsaKey()).build().sign(corpus.get("plain ASCII"));
            byte[] changed = new String(signed, StandardCharsets.ISO_8859_1)
                    .replace("Thanks.", "Thanks!")
                    .getBytes(StandardCharsets.ISO_8859_1);
            assertThat(DkimVerifiers.dkimpy(changed, RECORDS).ok()).isFalse();
            assertThat(DkimVerifiers.opendkim(changed, dns).ok()).isFalse();
        }));
        return tests.stream();
    }
}
