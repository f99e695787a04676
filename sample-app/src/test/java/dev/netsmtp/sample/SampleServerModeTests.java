/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Pointed at a server with implicit TLS and no port, the page shows the port the client uses: 465. */
@SpringBootTest(properties = {"smtp.host=smtp.example.com", "smtp.tls.mode=implicit"})
@AutoConfigureMockMvc
@Timeout(60)
class SampleServerModeTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void theModeShowsTheEffectivePortAndTls() {
        assertThat(mvc.get().uri("/api/messages"))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("{\"embedded\":false,\"server\":{\"host\":\"smtp.example.com\",\"port\":465,"
                        + "\"tls\":\"implicit\",\"embedded\":false},\"lastConnection\":null,\"messages\":[]}");
    }
}
