package dev.netsmtp.test;

import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions on what an {@link SmtpTestServer} received. */
public final class SmtpTestServerAssert extends AbstractAssert<SmtpTestServerAssert, SmtpTestServer> {

    SmtpTestServerAssert(SmtpTestServer actual) {
        super(actual, SmtpTestServerAssert.class);
    }

    /**
     * Checks that exactly this many messages were accepted since the last reset.
     *
     * @param count the expected count
     * @return this
     */
    public SmtpTestServerAssert hasReceived(int count) {
        isNotNull();
        List<ReceivedMessage> messages = actual.messages();
        if (messages.size() != count) {
            failWithMessage("expected %d message(s) but the server accepted %d: %s", count, messages.size(), messages);
        }
        return this;
    }

    /**
     * Checks that nothing was accepted since the last reset.
     *
     * @return this
     */
    public SmtpTestServerAssert hasReceivedNothing() {
        return hasReceived(0);
    }
}
