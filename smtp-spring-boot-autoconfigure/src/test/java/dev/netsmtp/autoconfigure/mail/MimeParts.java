/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.autoconfigure.mail;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.util.ArrayList;
import java.util.List;

/** The leaf parts of a message, for tests that read back what arrived. */
final class MimeParts {

    private MimeParts() {}

    static List<Part> leaves(Part message) throws Exception {
        List<Part> out = new ArrayList<>();
        collect(message, out);
        return out;
    }

    private static void collect(Part part, List<Part> into) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), into);
            }
        } else {
            into.add(part);
        }
    }
}
