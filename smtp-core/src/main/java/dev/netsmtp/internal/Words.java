/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight message bytes at a time: whether a word holds a CR, an LF or an 8-bit byte, without
 * looking at each. The scans of the message (its wire size, its line ends) stop byte by byte
 * only where one of those is; a text is mostly between them.
 */
final class Words {

    /** Reads a {@code long} from any offset of a byte array. */
    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long CRS = 0x0D * ONES;
    private static final long LFS = 0x0A * ONES;

    private Words() {}

    /** The high bit of each zero byte of {@code v}, exactly when there is one (Bit Twiddling Hacks). */
    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }

    /** True when none of the eight bytes is CR or LF. */
    static boolean noLineEnd(long v) {
        return (zeroBytes(v ^ CRS) | zeroBytes(v ^ LFS)) == 0;
    }

    /** True when none of the eight bytes is CR, LF or 8-bit. */
    static boolean plain(long v) {
        return ((v & HIGHS) | zeroBytes(v ^ CRS) | zeroBytes(v ^ LFS)) == 0;
    }
}
