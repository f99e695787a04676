/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp.session;

import dev.netsmtp.Capabilities;
import dev.netsmtp.Envelope;
import dev.netsmtp.MessageWriter;
import dev.netsmtp.OutgoingMessage;
import dev.netsmtp.SendOutcome;
import dev.netsmtp.SendResult;
import dev.netsmtp.SmtpReply;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A session that forwards every call to another, for wrappers that change one behaviour (a pooled
 * session whose {@code close()} returns it, a session a callback may not close). Subclasses give
 * {@link #delegate()} and {@link #close()}.
 */
public abstract class ForwardingSmtpSession implements SmtpSession {

    /** For subclasses. */
    protected ForwardingSmtpSession() {}

    /**
     * Returns the session calls go to.
     *
     * @return the wrapped session
     * @throws IllegalStateException when the wrapper may no longer be used
     */
    protected abstract SmtpSession delegate();

    @Override
    public void start() {
        delegate().start();
    }

    @Override
    public boolean isStarted() {
        return delegate().isStarted();
    }

    @Override
    public boolean isUsable() {
        return delegate().isUsable();
    }

    @Override
    public boolean isEsmtp() {
        return delegate().isEsmtp();
    }

    @Override
    public Optional<InetSocketAddress> server() {
        return delegate().server();
    }

    @Override
    public boolean isEncrypted() {
        return delegate().isEncrypted();
    }

    @Override
    public SmtpReply greeting() {
        return delegate().greeting();
    }

    @Override
    public Capabilities capabilities() {
        return delegate().capabilities();
    }

    @Override
    public SendResult sendMessage(byte[] message, String from, String... to) {
        return delegate().sendMessage(message, from, to);
    }

    @Override
    public SendResult sendMessage(byte[] message, String from, Collection<String> to) {
        return delegate().sendMessage(message, from, to);
    }

    @Override
    public SendResult sendMessage(String message, String from, String... to) {
        return delegate().sendMessage(message, from, to);
    }

    @Override
    public SendResult sendMessage(String message, String from, Collection<String> to) {
        return delegate().sendMessage(message, from, to);
    }

    @Override
    public SendResult sendMessage(InputStream message, String from, String... to) {
        return delegate().sendMessage(message, from, to);
    }

    @Override
    public SendResult sendMessage(InputStream message, String from, Collection<String> to) {
        return delegate().sendMessage(message, from, to);
    }

    @Override
    public SendResult sendMessage(Envelope envelope, byte[] message) {
        return delegate().sendMessage(envelope, message);
    }

    @Override
    public SendResult sendMessage(Envelope envelope, InputStream message) {
        return delegate().sendMessage(envelope, message);
    }

    @Override
    public SendResult sendMessage(Envelope envelope, MessageWriter writer) {
        return delegate().sendMessage(envelope, writer);
    }

    @Override
    public List<SendOutcome> sendMessages(List<OutgoingMessage> messages, BatchListener listener) {
        return delegate().sendMessages(messages, listener);
    }

    @Override
    public MessageOutputStream openMessageStream(String from, String... to) {
        return delegate().openMessageStream(from, to);
    }

    @Override
    public MessageOutputStream openMessageStream(Envelope envelope) {
        return delegate().openMessageStream(envelope);
    }

    @Override
    public SmtpReply mailFrom(String from) {
        return delegate().mailFrom(from);
    }

    @Override
    public SmtpReply rcptTo(String to) {
        return delegate().rcptTo(to);
    }

    @Override
    public SmtpReply mailFrom(Envelope envelope) {
        return delegate().mailFrom(envelope);
    }

    @Override
    public SmtpReply rcptTo(Envelope.Recipient recipient) {
        return delegate().rcptTo(recipient);
    }

    @Override
    public SmtpReply data(byte[] message) {
        return delegate().data(message);
    }

    @Override
    public SmtpReply data(InputStream message) {
        return delegate().data(message);
    }

    @Override
    public SmtpReply rset() {
        return delegate().rset();
    }

    @Override
    public SmtpReply noop() {
        return delegate().noop();
    }

    @Override
    public SmtpReply quit() {
        return delegate().quit();
    }

    @Override
    public void timeLimit(Duration limit) {
        delegate().timeLimit(limit);
    }

    @Override
    public void clearTimeLimit() {
        delegate().clearTimeLimit();
    }
}
