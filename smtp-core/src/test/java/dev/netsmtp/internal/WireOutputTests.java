/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/** Where a failed write leaves a mark: before the last byte of the write that failed, it may have gone. */
class WireOutputTests {

    /** Takes {@code room} bytes, then fails every write. */
    private static final class FailsAfter extends OutputStream {
        private long room;

        FailsAfter(long room) {
            this.room = room;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > room) {
                throw new IOException("broken pipe");
            }
            room -= len;
        }
    }

    @Test
    void aMarkInWritesThatReturnedMayHaveGone() throws IOException {
        WireOutput out = new WireOutput(new FailsAfter(100));
        out.write(new byte[40]);
        long mark = out.position();
        out.flush();
        assertThat(out.mayHaveSent(mark)).isTrue();
    }

    @Test
    void aMarkThatClosesTheFailedWriteNeverWent() throws IOException {
        WireOutput out = new WireOutput(new FailsAfter(0));
        out.write(new byte[40]);
        long mark = out.position();
        assertThatThrownBy(out::flush).isInstanceOf(IOException.class);
        assertThat(out.mayHaveSent(mark)).isFalse();
        assertThat(out.failure()).isNotNull();
    }

    @Test
    void aMarkWithMoreBytesAfterItInTheFailedWriteMayHaveGone() throws IOException {
        WireOutput out = new WireOutput(new FailsAfter(0));
        out.write(new byte[40]);
        long mark = out.position();
        out.write(new byte[10]); // the next envelope of a batch, in the same write
        assertThatThrownBy(out::flush).isInstanceOf(IOException.class);
        assertThat(out.mayHaveSent(mark)).isTrue();
    }

    @Test
    void aMarkInALaterPieceThanTheFailedOneNeverWent() throws IOException {
        WireOutput out = new WireOutput(new FailsAfter(WireOutput.PIECE));
        out.write(new byte[3 * WireOutput.PIECE]);
        long mark = out.position();
        assertThatThrownBy(out::flush).isInstanceOf(IOException.class);
        assertThat(out.sent()).isEqualTo(WireOutput.PIECE);
        assertThat(out.mayHaveSent(mark)).isFalse();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    }
}
