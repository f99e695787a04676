/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's plain-Java program, run as a user would run it, against GreenMail. */
class HelloTests {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void theReadmesProgramSendsItsMessage() throws Exception {
        Hello.main(
                new String[] {"127.0.0.1", Integer.toString(greenMail.getSmtp().getPort())});

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("Hello from netsmtp");
        assertThat(GreenMailUtil.getBody(received[0]).trim()).isEqualTo("Hi Bob, this went out over SMTP.");
    }
}
