/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.dkim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A streamed message signed once: the signatures and headers in memory, the body in a file. Every
 * {@link #open()} reads the same bytes, so every attempt sends what was signed. Closing deletes
 * the file.
 */
public final class SignedMessage implements AutoCloseable {

    private final byte[] prefix;
    private final Path body;

    SignedMessage(byte[] prefix, Path body) {
        this.prefix = prefix;
        this.body = body;
    }

    /**
     * Opens the signed message from its start.
     *
     * @return the bytes: signatures, headers, the empty line, the body
     */
    public InputStream open() {
        try {
            return new SequenceInputStream(new ByteArrayInputStream(prefix), Files.newInputStream(body));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signed message's body from " + body, e);
        }
    }

    /**
     * Returns the size in bytes.
     *
     * @return the size
     * @throws UncheckedIOException when the body file cannot be read
     */
    public long size() {
        try {
            return prefix.length + Files.size(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the body's file. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(body);
        } catch (IOException e) {
            // A temporary file left behind is not worth failing a send for.
        }
    }
}
