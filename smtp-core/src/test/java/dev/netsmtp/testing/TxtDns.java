/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DNS server for TXT records only, on a loopback address and port 53 (UDP and TCP), for
 * programs that ask the system resolver and take no key file (OpenDKIM's test tool): the test
 * points a private resolv.conf at it. Answers the names it was given, NXDOMAIN to the rest.
 * Needs root (port 53), as the Postfix tests do.
 */
public final class TxtDns implements AutoCloseable {

    private final Map<String, String> records = new ConcurrentHashMap<>();
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final String address;

    /**
     * Starts the server.
     *
     * @param address a loopback address, e.g. 127.0.0.153
     * @throws IOException when port 53 cannot be bound there
     */
    public TxtDns(String address) throws IOException {
        this.address = address;
        InetAddress at = InetAddress.getByName(address);
        this.udp = new DatagramSocket(new InetSocketAddress(at, 53));
        this.tcp = new ServerSocket(53, 16, at);
        Thread u = new Thread(this::serveUdp, "txt-dns-udp");
        u.setDaemon(true);
        u.start();
        Thread t = new Thread(this::serveTcp, "txt-dns-tcp");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Returns the address it listens on.
     *
     * @return the address
     */
    public String address() {
        return address;
    }

    /**
     * Publishes a TXT record.
     *
     * @param name the name, e.g. {@code sel._domainkey.example.com}
     * @param txt the record's text
     */
    public void put(String name, String txt) {
        records.put(name.toLowerCase(Locale.ROOT), txt);
    }

    private void serveUdp() {
        byte[] buf = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                byte[] answer = answer(ByteBuffer.wrap(p.getData(), 0, p.getLength()), true);
                udp.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (udp.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                DataInputStream data = new DataInputStream(in);
                int length = data.readUnsignedShort();
                byte[] query = data.readNBytes(length);
                byte[] answer = answer(ByteBuffer.wrap(query), false);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            } catch (SocketException e) {
                if (tcp.isClosed()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // one bad query; the next connection goes on
            }
        }
    }

    /** One answer: the question copied, a TXT answer or NXDOMAIN; over UDP, truncated past 512. */
    private byte[] answer(ByteBuffer q, boolean udpTransport) {
        int id = q.getShort() & 0xffff;
        int flags = q.getShort() & 0xffff;
        q.getShort(); // qdcount
        q.position(12);
        StringBuilder name = new StringBuilder();
        int start = q.position();
        for (int len = q.get() & 0xff; len != 0; len = q.get() & 0xff) {
            byte[] label = new byte[len];
            q.get(label);
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(label, StandardCharsets.US_ASCII));
        }
        int qtype = q.getShort() & 0xffff;
        q.getShort(); // class
        byte[] question = new byte[q.position() - start];
        System.arraycopy(q.array(), q.arrayOffset() + start, question, 0, question.length);
        String txt = records.get(name.toString().toLowerCase(Locale.ROOT));
        boolean found = txt != null && qtype == 16;
        ByteBuffer out = ByteBuffer.allocate(8192);
        out.putShort((short) id);
        int rd = flags & 0x0100;
        out.putShort((short) (0x8000 | 0x0400 | rd | 0x0080 | (txt == null ? 3 : 0)));
        out.putShort((short) 1);
        out.putShort((short) (found ? 1 : 0));
        out.putShort((short) 0);
        out.putShort((short) 0);
        out.put(question);
        if (found) {
            byte[] text = txt.getBytes(StandardCharsets.US_ASCII);
            int chunks = (text.length + 254) / 255;
            out.putShort((short) 0xC00C);
            out.putShort((short) 16);
            out.putShort((short) 1);
            out.putInt(60);
            out.putShort((short) (text.length + chunks));
            for (int i = 0; i < text.length; i += 255) {
                int n = Math.min(255, text.length - i);
                out.put((byte) n);
                out.put(text, i, n);
            }
        }
        byte[] bytes = new byte[out.position()];
        out.flip();
        out.get(bytes);
        if (udpTransport && bytes.length > 512) {
            // Too long for plain UDP: the header and question only, TC set, so the resolver asks by TCP.
            ByteBuffer tc = ByteBuffer.allocate(12 + question.length);
            tc.putShort((short) id);
            tc.putShort((short) (0x8000 | 0x0400 | 0x0200 | rd | 0x0080));
            tc.putShort((short) 1);
            tc.putShort((short) 0);
            tc.putShort((short) 0);
            tc.putShort((short) 0);
            tc.put(question);
            return tc.array();
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
