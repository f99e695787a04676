/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.auth.oauth2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a {@link RefreshTokenGrant} keeps the refresh token. Authorization servers that rotate
 * refresh tokens (RFC 9700 section 4.14.2) invalidate the old one when they hand out a new one, so
 * the new one must be kept before it is used, and must survive a restart: back this with the
 * application's database, or use {@link #file(Path)}. Implementations must be thread-safe.
 */
public interface RefreshTokenStore {

    /**
     * Returns the refresh token to use now.
     *
     * @return the refresh token
     * @throws IllegalStateException when there is none
     */
    String load();

    /**
     * Keeps a refresh token the server rotated to, in place of the old one.
     *
     * @param refreshToken the new refresh token
     */
    void save(String refreshToken);

    /**
     * A store in memory: a rotated token is lost at restart. For tests and servers that do not rotate.
     *
     * @param initial the refresh token to start with
     * @return the store
     */
    static RefreshTokenStore inMemory(String initial) {
        Objects.requireNonNull(initial, "initial");
        AtomicReference<String> current = new AtomicReference<>(initial);
        return new RefreshTokenStore() {
            @Override
            public String load() {
                return Objects.requireNonNull(current.get());
            }

            @Override
            public void save(String refreshToken) {
                current.set(Objects.requireNonNull(refreshToken, "refreshToken"));
            }

            @Override
            public String toString() {
                return "RefreshTokenStore.inMemory[***]";
            }
        };
    }

    /**
     * A store in one file holding the token (a trailing line end is ignored): written to a new
     * file beside it and moved over it in one step, readable by the owner only where the file
     * system has POSIX permissions. The file must hold the first refresh token before the first
     * login.
     *
     * @param file the file
     * @return the store
     */
    static RefreshTokenStore file(Path file) {
        Objects.requireNonNull(file, "file");
        return new RefreshTokenStore() {
            @Override
            public synchronized String load() {
                String token;
                try {
                    token = Files.readString(file, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the refresh token from " + file, e);
                }
                if (token.isEmpty()) {
                    throw new IllegalStateException("the refresh token file " + file + " is empty");
                }
                return token;
            }

            @Override
            public synchronized void save(String refreshToken) {
                Path dir = file.toAbsolutePath().getParent();
                try {
                    Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".new");
                    try {
                        try {
                            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                        } catch (UnsupportedOperationException notPosix) {
                            // Windows: the directory's access rules apply.
                        }
                        Files.writeString(temp, refreshToken + "\n", StandardCharsets.UTF_8);
                        try {
                            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        } catch (AtomicMoveNotSupportedException e) {
                            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                        }
                    } finally {
                        Files.deleteIfExists(temp);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the refresh token to " + file, e);
                }
            }

            @Override
            public String toString() {
                return "RefreshTokenStore.file[" + file + "]";
            }
        };
    }
}
