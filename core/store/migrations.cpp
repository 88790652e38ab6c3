#include "core/store/migrations.hpp"

namespace frontline {

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        {1, "tickets, journal, persons and identities", R"sql(
CREATE TABLE ticket_sequences (
    type TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    number INTEGER NOT NULL,
    status TEXT NOT NULL,
    category TEXT NOT NULL,
    priority TEXT NOT NULL,
    tier TEXT NOT NULL,
    requester_platform TEXT NOT NULL,
    requester_user TEXT NOT NULL,
    assignee TEXT NOT NULL DEFAULT '',
    parent TEXT REFERENCES tickets(id) DEFERRABLE INITIALLY DEFERRED,
    reported_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    record TEXT NOT NULL,
    UNIQUE (type, number)
);
CREATE INDEX tickets_by_status ON tickets(status, priority, reported_at);
CREATE INDEX tickets_by_requester ON tickets(requester_platform, requester_user);
CREATE INDEX tickets_by_parent ON tickets(parent);
CREATE TABLE journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id TEXT NOT NULL REFERENCES tickets(id) DEFERRABLE INITIALLY DEFERRED,
    actor TEXT NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE INDEX journal_by_ticket ON journal(ticket_id, seq);
CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    locale TEXT NOT NULL DEFAULT '',
    timezone TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT ''
);
CREATE TABLE identities (
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    PRIMARY KEY (platform, user_id)
);
)sql"},
        {2, "full-text index for similar incidents (FTS5, bm25)", R"sql(
CREATE VIRTUAL TABLE tickets_fts USING fts5(
    ticket_id UNINDEXED, title, description, symptoms, resolution,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO tickets_fts (ticket_id, title, description, symptoms, resolution)
SELECT id,
       json_extract(record, '$.title'),
       json_extract(record, '$.description'),
       COALESCE((SELECT group_concat(json_extract(value, '$.answer'), ' ')
                 FROM json_each(record, '$.symptoms')), ''),
       json_extract(record, '$.resolution_notes')
FROM tickets;
)sql"},
        {3, "conversation sessions, inbox, outbox and durable timers", R"sql(
CREATE TABLE sessions (
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    state TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (platform, user_id)
);
CREATE TABLE inbox (
    event_key TEXT PRIMARY KEY,
    received_at INTEGER NOT NULL
);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    platform TEXT NOT NULL,
    conversation TEXT NOT NULL,
    priority INTEGER NOT NULL,
    message TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    delivered_at INTEGER,
    platform_message_id TEXT,
    message_key TEXT,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox(status, priority, next_attempt_at, id);
CREATE INDEX outbox_by_key ON outbox(message_key);
CREATE TABLE timers (
    key TEXT PRIMARY KEY,
    due_at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX timers_by_due ON timers(due_at);
)sql"},
        {4, "outbox: per-conversation order index for the dispatcher", R"sql(
CREATE INDEX outbox_pending_by_conversation ON outbox(platform, conversation, id) WHERE status = 'pending';
CREATE INDEX inbox_by_received ON inbox(received_at);
)sql"},
        {5, "hand-off: find the ticket of a platform message (thread replies to a card)", R"sql(
CREATE INDEX outbox_by_platform_message ON outbox(platform, conversation, platform_message_id)
    WHERE platform_message_id IS NOT NULL;
)sql"},
        {6, "adapter cursors: where an adapter resumes its platform's stream (Matrix since token)", R"sql(
CREATE TABLE adapter_cursors (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
)sql"},
        {7, "hot-path indexes: a person's identities; the search index keyed by ticket (no scan to update a ticket)", R"sql(
CREATE INDEX identities_by_person ON identities(person_id);
-- The search index's rowid is the ticket's search key (search_key() in store_tickets.cpp: number * 16
-- + type code), so saving a ticket replaces its entry by rowid instead of scanning for ticket_id.
DROP TABLE tickets_fts;
CREATE VIRTUAL TABLE tickets_fts USING fts5(
    ticket_id UNINDEXED, title, description, symptoms, resolution,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO tickets_fts (rowid, ticket_id, title, description, symptoms, resolution)
SELECT number * 16 + CASE type WHEN 'incident' THEN 0 WHEN 'request' THEN 1 END,
       id,
       json_extract(record, '$.title'),
       json_extract(record, '$.description'),
       COALESCE((SELECT group_concat(json_extract(value, '$.answer'), ' ')
                 FROM json_each(record, '$.symptoms')), ''),
       json_extract(record, '$.resolution_notes')
FROM tickets;
)sql"},
        {8, "search index of open tickets: the hot searches (engine, agents' card) rank open tickets only", R"sql(
-- The same entries as tickets_fts (same rowid), for the tickets whose status is open: a search for
-- similar open incidents ranks the open working set, not every ticket ever logged.
CREATE VIRTUAL TABLE tickets_open_fts USING fts5(
    ticket_id UNINDEXED, title, description, symptoms, resolution,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO tickets_open_fts (rowid, ticket_id, title, description, symptoms, resolution)
SELECT f.rowid, f.ticket_id, f.title, f.description, f.symptoms, f.resolution
FROM tickets t JOIN tickets_fts f ON f.rowid = t.number * 16 + CASE t.type WHEN 'incident' THEN 0 WHEN 'request' THEN 1 END
WHERE t.status IN ('new', 'in_diagnosis', 'escalated', 'in_progress', 'pending_user');
)sql"},
        {9, "outbox send attempts: when a send to a platform without idempotency keys began, before the call", R"sql(
-- Set (durably) before a message is handed to a platform that cannot deduplicate sends (Slack): a
-- row still pending with this set may have been posted by a process that died before marking it,
-- so the next attempt first looks for it on the platform.
ALTER TABLE outbox ADD COLUMN sending_since INTEGER;
)sql"},
        {10, "conversation lines: the web chat's history, kept in the store and paged in on resume", R"sql(
-- One row per line a conversation showed (bot messages, people's echoed lines), numbered by seq per
-- conversation. `entry` is the line as the adapter stores it (JSON); line_id makes appends idempotent
-- (an outbox redelivery or a page's resend names the line it already is).
CREATE TABLE conversation_lines (
    conversation TEXT NOT NULL,
    seq INTEGER NOT NULL,
    line_id TEXT NOT NULL,
    entry TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (conversation, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX conversation_lines_by_id ON conversation_lines(conversation, line_id);
CREATE INDEX conversation_lines_by_created ON conversation_lines(created_at);
)sql"},
        {11, "held messages: a requester's words kept while they say which of their open tickets they are about", R"sql(
-- At most one row per person: what they wrote since they were asked "which ticket is this about?".
CREATE TABLE held_messages (
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    text TEXT NOT NULL,
    held_at INTEGER NOT NULL,
    PRIMARY KEY (platform, user_id)
) WITHOUT ROWID;
)sql"},
        {12, "monitoring alert groups: one incident per Alertmanager group key", R"sql(
-- One row per alert group (Alertmanager's groupKey) that opened an incident. `fingerprints` is a
-- JSON array of the alerts already written on the incident's journal, so a repeated notification
-- appends only the alerts that joined the group since. `firing` is 0 once the group resolved.
CREATE TABLE alert_groups (
    group_key TEXT PRIMARY KEY,
    ticket TEXT NOT NULL,
    fingerprints TEXT NOT NULL,
    firing INTEGER NOT NULL,
    updated_seq INTEGER NOT NULL
);
CREATE INDEX alert_groups_firing ON alert_groups(firing, updated_seq);
)sql"},
        {13, "video-call bookings: one active booking per agent and start, one booking per link", R"sql(
-- One row per call booked through a booking link (core/booking_repository.hpp). The partial unique
-- index is the last word when two confirms race for one slot: only one active row per agent and
-- start can exist. A cancelled row frees its slot; its link (nonce) stays used.
CREATE TABLE bookings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id TEXT NOT NULL REFERENCES tickets(id) DEFERRABLE INITIALLY DEFERRED,
    agent TEXT NOT NULL,
    requester_platform TEXT NOT NULL,
    requester_user TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    nonce TEXT NOT NULL UNIQUE,
    meeting TEXT NOT NULL,
    requester_zone TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled')),
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX bookings_one_per_slot ON bookings(agent, starts_at) WHERE status = 'booked';
CREATE INDEX bookings_by_agent ON bookings(agent, status, starts_at);
-- The foreign key's child index: saving a ticket must not scan every booking.
CREATE INDEX bookings_by_ticket ON bookings(ticket_id);
)sql"},
        {14, "versioned diagnosis flows: the text of every flow version a saved conversation stands on", R"sql(
-- A session names its flow and version inside its JSON state (core/engine/session_state.cpp); the
-- text is kept here until no session stands on it (Store::forget_unused_flow_versions).
CREATE TABLE flow_versions (
    flow TEXT NOT NULL,
    version TEXT NOT NULL,
    definition TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (flow, version)
);
)sql"},
        {15, "ticket metrics: first claim and resolution, bot closures, the labels a ticket was opened with; breaches found by index", R"sql(
-- /metrics derives its counters and histograms from the store, so they survive a restart: these
-- columns are written by save_ticket and never go back. claimed_at and resolved_at keep a ticket's
-- FIRST claim and resolution (a reopen does not take an observation back), with the priority it had
-- then; bot_resolved is 1 once the bot closed it at L1 with no human; opened_category and
-- opened_priority are the ticket's labels when it left the bot's diagnosis (escalated, resolved or
-- cancelled), empty until then: it is counted as opened once, with the category and priority of its
-- triage, and an agent's later change does not move it to another series. Each aggregate reads one
-- covering index, never the records.
ALTER TABLE tickets ADD COLUMN claimed_at INTEGER;
ALTER TABLE tickets ADD COLUMN claim_priority TEXT;
ALTER TABLE tickets ADD COLUMN resolved_at INTEGER;
ALTER TABLE tickets ADD COLUMN resolve_priority TEXT;
ALTER TABLE tickets ADD COLUMN bot_resolved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN opened_category TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN opened_priority TEXT NOT NULL DEFAULT '';
UPDATE tickets SET
    claimed_at = CAST(strftime('%s', json_extract(record, '$.claimed_at')) AS INTEGER),
    resolved_at = CAST(strftime('%s', json_extract(record, '$.resolved_at')) AS INTEGER),
    bot_resolved = (status = 'closed' AND json_extract(record, '$.first_contact_resolution') = 1);
UPDATE tickets SET opened_category = category, opened_priority = priority WHERE status NOT IN ('new', 'in_diagnosis');
UPDATE tickets SET claim_priority = priority WHERE claimed_at IS NOT NULL;
UPDATE tickets SET resolve_priority = priority WHERE resolved_at IS NOT NULL;
CREATE INDEX tickets_opened ON tickets(type, opened_category, opened_priority) WHERE opened_priority <> '';
CREATE INDEX tickets_first_claim ON tickets(claim_priority, claimed_at, reported_at) WHERE claimed_at IS NOT NULL;
CREATE INDEX tickets_first_resolution ON tickets(resolve_priority, resolved_at, reported_at, bot_resolved)
    WHERE resolved_at IS NOT NULL;
CREATE INDEX tickets_bot_resolved ON tickets(bot_resolved) WHERE bot_resolved = 1;
CREATE INDEX journal_sla_breaches ON journal(ticket_id, details) WHERE kind = 'sla_breach';
)sql"},
        {16, "one person across platforms: link codes, where a person last wrote, the identity-link log; phone and contact asked", R"sql(
-- A code a person asked for on one platform and types on another (`link`). Single use: used_at is
-- set by the first redemption; a code past expires_at links nothing. Short-lived and random (not
-- guessable within its life), so it is kept as typed; used and expired rows are what the log shows.
CREATE TABLE link_codes (
    code TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    conversation TEXT NOT NULL,
    thread TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
) WITHOUT ROWID;
CREATE INDEX link_codes_by_owner ON link_codes(platform, user_id);
-- Where the person last wrote: messages for a person with several identities go there.
ALTER TABLE persons ADD COLUMN last_platform TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN last_user TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN last_conversation TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN last_thread TEXT NOT NULL DEFAULT '';
-- How to reach the person besides the chat (asked before a hand-off where no profile tells):
-- `contact` keeps the e-mail address, `phone` the number; contact_asked = 1 once asked (answered or
-- skipped), so nobody is asked twice.
ALTER TABLE persons ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN contact_asked INTEGER NOT NULL DEFAULT 0;
-- Every link of two identities (by code or by an agent), and the merge of two persons it caused.
CREATE TABLE identity_links (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    person_id INTEGER NOT NULL,
    merged_person INTEGER,
    details TEXT NOT NULL
);
)sql"},
        {17, "where a person's updates go when they chose it", R"sql(
-- 1: the person said "updates here" (last_* hold the place they chose and writing elsewhere leaves
-- them alone); 0: last_* follow where they last wrote.
ALTER TABLE persons ADD COLUMN updates_pinned INTEGER NOT NULL DEFAULT 0;
)sql"},
        {18, "attachments: the files a ticket keeps and those held before a ticket exists", R"sql(
-- One row per file on a ticket (the bytes live in the content-addressed folder beside the
-- database, named by sha256). The same file twice on one ticket is one row. state: 'stored' or
-- 'quarantined' (failed the scan hook: never served).
CREATE TABLE ticket_attachments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    state TEXT NOT NULL,
    at INTEGER NOT NULL,
    UNIQUE (ticket_id, sha256)
);
-- The orphan sweep and the file route look files up by name.
CREATE INDEX ticket_attachments_by_file ON ticket_attachments(sha256);
-- Files a person sent before their ticket existed, attached once it is logged.
CREATE TABLE held_attachments (
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    state TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (platform, user_id, sha256)
) WITHOUT ROWID;
CREATE INDEX held_attachments_by_file ON held_attachments(sha256);
)sql"},
    };
    return all;
}

}  // namespace frontline
