#!/usr/bin/env bash
# A private Postfix instance for netsmtp's interop tests, in a folder of its own.
#   postfix-instance.sh start DIR SMTP_PORT SMTPS_PORT [SLOW_PORT POLICY_PORT NO_UTF8_PORT]
#                                                         generate config, certificate, sasldb; start
#     (with SLOW_PORT, a third listener whose every end of data waits for the policy service on
#      127.0.0.1:POLICY_PORT, smtpd_end_of_data_restrictions: a server slow to answer the data;
#      and a fourth, NO_UTF8_PORT, whose smtpd does not offer SMTPUTF8)
#   postfix-instance.sh stop DIR                          stop it
# Listens on 127.0.0.1 only. Mail to unknown.example.com bounces and to later.example.com is
# deferred (delay notices after a second), each with Postfix's own delivery reports.
# Delivers mail for any user at example.com to the one Maildir
# DIR/mail/all/ (a copy per recipient, each with a Delivered-To header; virtual(8) allows no
# per-user substitution in its maps), refuses relaying to other domains without AUTH, and
# logs to DIR/maillog. SASL users (sasldb): alice / alice-pw. Needs root and Debian's postfix,
# sasl2-bin, libsasl2-modules and openssl.
set -euo pipefail

cmd=$1
dir=$(realpath -m "$2")

stop() {
  postfix -c "$dir/conf" stop >/dev/null 2>&1 || true
  # Postfix's master exits within a second or two; make sure, by its pid file.
  for _ in $(seq 1 50); do
    [ -f "$dir/queue/pid/master.pid" ] || break
    pid=$(tr -d ' ' < "$dir/queue/pid/master.pid" 2>/dev/null || true)
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
}

if [ "$cmd" = stop ]; then
  stop
  exit 0
fi

smtp_port=$3
smtps_port=$4
slow_port=${5:-}
policy_port=${6:-}
no_utf8_port=${7:-}
mkdir -p "$dir/conf" "$dir/queue" "$dir/data" "$dir/mail" "$dir/conf/sasl"
chown postfix:postfix "$dir/data" "$dir/mail"
chmod 755 "$dir" "$dir/mail"

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=mail.test" \
  -addext "subjectAltName=DNS:mail.test,DNS:localhost,IP:127.0.0.1" \
  -keyout "$dir/conf/key.pem" -out "$dir/conf/cert.pem" >/dev/null 2>&1
chmod 600 "$dir/conf/key.pem"

# SASL: Cyrus with a sasldb of its own; realm mail.test, which smtpd adds to the plain user name "alice".
# (Debian's smtpd reads $config_directory/sasl/smtpd.conf whatever cyrus_sasl_config_path says.)
echo "alice-pw" | saslpasswd2 -p -c -f "$dir/conf/sasl/sasldb2" -u mail.test alice
chown root:postfix "$dir/conf/sasl/sasldb2"
chmod 640 "$dir/conf/sasl/sasldb2"
cat > "$dir/conf/sasl/smtpd.conf" <<CONF
pwcheck_method: auxprop
auxprop_plugin: sasldb
sasldb_path: $dir/conf/sasl/sasldb2
mech_list: PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256 SCRAM-SHA-1
CONF

cat > "$dir/conf/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
meta_directory = /etc/postfix
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mail.test
mydomain = mail.test
myorigin = mail.test
mydestination =
mynetworks = 127.0.0.1/32
local_recipient_maps =
alias_maps =
alias_database =
relayhost =
virtual_mailbox_domains = example.com, unknown.example.com, later.example.com
transport_maps = texthash:$dir/conf/transport
# Take those recipients and bounce or defer them after the fact (not at RCPT): a report then goes.
smtpd_reject_unlisted_recipient = no
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = static:all/
virtual_uid_maps = static:$(id -u postfix)
virtual_gid_maps = static:$(id -g postfix)
virtual_minimum_uid = 1
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions =
message_size_limit = 200000
smtputf8_enable = yes
smtpd_tls_security_level = may
smtpd_tls_cert_file = $dir/conf/cert.pem
smtpd_tls_key_file = $dir/conf/key.pem
smtpd_tls_auth_only = yes
smtpd_tls_loglevel = 1
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtpd
cyrus_sasl_config_path = $dir/conf/sasl
smtpd_sasl_security_options = noanonymous
smtpd_sasl_local_domain = mail.test
smtpd_banner = \$myhostname ESMTP netsmtp-test
biff = no
append_dot_mydomain = no
delay_warning_time = 1s
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
maximal_queue_lifetime = 1h
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
smtpd_client_message_rate_limit = 0
smtpd_timeout = 30s
in_flow_delay = 0
CONF

# Two domains whose mail is taken and then not delivered, for real delivery reports (RFC 3464):
# unknown.example.com bounces every recipient (error(8)); later.example.com defers every one
# (retry, error(8) deferring), so that a delay notice goes after delay_warning_time.
cat > "$dir/conf/transport" <<CONF
unknown.example.com error:5.1.1 no such user here
later.example.com retry:4.4.1 the mailbox is not reachable now
CONF

cat > "$dir/conf/master.cf" <<CONF
127.0.0.1:$smtp_port inet n - n - - smtpd
127.0.0.1:$smtps_port inet n - n - - smtpd -o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CONF
if [ -n "$slow_port" ]; then
  echo "127.0.0.1:$slow_port inet n - n - - smtpd -o { smtpd_end_of_data_restrictions = check_policy_service { inet:127.0.0.1:$policy_port, timeout=30s } }" >> "$dir/conf/master.cf"
fi
if [ -n "$no_utf8_port" ]; then
  echo "127.0.0.1:$no_utf8_port inet n - n - - smtpd -o smtputf8_enable=no" >> "$dir/conf/master.cf"
fi

# Postfix reports fatal errors on stderr only when it is a terminal: give it one.
run() { script -qec "$*" /dev/null; }
run postfix -c "$dir/conf" check >"$dir/check.log" 2>&1 || { cat "$dir/check.log" >&2; exit 1; }
run postfix -c "$dir/conf" start >"$dir/start.log" 2>&1 || { cat "$dir/start.log" >&2; exit 1; }
