#pragma once
// The neutral model every adapter speaks: events in, messages out. No platform JSON here.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/attachment.hpp"
#include "core/clock.hpp"

namespace frontline {

struct AlertNotice;

/// Who: a user on one platform (one of kPlatformNames in core/platform.hpp).
struct Identity {
    std::string platform;
    std::string user_id;
    friend bool operator==(const Identity&, const Identity&) = default;
    friend auto operator<=>(const Identity&, const Identity&) = default;
};

/// Where to answer: a conversation on a platform, optionally a thread in it.
struct Address {
    std::string platform;
    std::string conversation_id;
    /// The thread, as the neutral reference of its root message (what the adapter reported when it
    /// delivered the root, see DeliveryOutcome::platform_message_id); empty for none. Opaque to core:
    /// only the adapter that made it reads it.
    std::string thread;
    friend bool operator==(const Address&, const Address&) = default;
};

/// `undeliverable` is not from a platform: the outbox dispatcher reports one of our messages that
/// can never arrive (refused for good, out of attempts, no adapter for its platform). Then `where`
/// is where it was going, `payload` its message_key, `text` the reason; `from` names only the platform;
/// `recipient_unreachable` when the person there refuses all our messages (blocked the bot).
/// `alert` is not from a person either: monitoring reports an alert group (`alert` holds it, `from`
/// names the monitoring system and its receiver).
/// `web_action` is not from a platform either: a signed action on one of frontline's own pages (the
/// call booking page), already verified by bot/ before it became an event. `payload` is the
/// action as a JSON object; `from` names the page ("web", "booking"). No codec ever produces one.
enum class InboundKind { text, command, choice, undeliverable, alert, web_action };

/// One thing that happened on a platform, already decoded by the adapter's codec.
struct InboundEvent {
    std::string event_id;  ///< the platform's id, unique per platform: the inbox dedupes on it
    InboundKind kind = InboundKind::text;
    Identity from;
    Address where;
    /// Text or command line, neutral: the codec has decoded the platform's markup and removed a
    /// command's addressing to our bot ("/claim@FrontlineBot INC-1" in a group arrives as
    /// "/claim INC-1"); core parses no platform syntax.
    std::string text;
    std::string payload;      ///< the chosen button's payload for kind == choice
    std::string locale_hint;  ///< "en", "it", ... from the platform profile, may be empty
    std::string display_name; ///< from the platform profile, may be empty
    std::string contact;      ///< e-mail address when the platform profile tells it
    std::string phone;        ///< phone number when the platform profile tells it
    /// The sender's IANA time zone as their platform profile or browser gave it ("Europe/Rome"),
    /// unchecked; empty when the platform does not say. Core keeps it only when it names a real zone.
    std::string time_zone;
    /// The message this replies to, when the platform says: the same neutral reference the adapter
    /// reported when it delivered that message (DeliveryOutcome::platform_message_id). Opaque to core.
    std::string reply_to;
    /// Users named in the text, in order. The codec writes each one in `text` as "@" + user_id (an
    /// id already starting with '@' as is) and lists its identity here, so core resolves them
    /// without knowing any platform's markup (docs/adapters.md).
    std::vector<Identity> mentions;
    /// The network address the sender connected from, when people reach the bot directly (the web
    /// chat); empty when a platform relays them. Opaque to core: only per-address limits read it.
    std::string source_address;
    /// Only with kind == undeliverable: the recipient refuses every message of ours, not just this one.
    bool recipient_unreachable = false;
    /// Only with kind == alert: the alert group as decoded by the monitoring adapter.
    std::shared_ptr<const AlertNotice> alert;
    /// Files sent with the message (kinds text and command; a message may be only a file, with
    /// empty text). The runtime stores each one and fills Attachment::sha256 before the commit.
    std::vector<Attachment> attachments;
    TimePoint received_at{};
};

/// A button offered with a message.
struct Choice {
    std::string label;
    std::string payload;
    friend bool operator==(const Choice&, const Choice&) = default;
};

/// Outbox order: lower goes first, so pings and direct answers never wait behind a broadcast.
enum class OutboxPriority : int { urgent = 0, direct = 1, bulk = 2 };

/// One message to send. Text is neutral light markup: *bold*, _italic_, `code`, plain URLs.
struct OutboundMessage {
    Address to;
    std::string text;
    std::vector<Choice> choices;
    std::vector<Identity> mentions;
    std::string replaces;         ///< key of an earlier message of ours to update in place, if any
    std::string idempotency_key;  ///< stable across retries and restarts
    std::string message_key;      ///< our own name for this message, so later ones can replace it
    OutboxPriority priority = OutboxPriority::direct;
    bool restricted = false;      ///< carries data-breach details: never to a broad channel
    /// The language `text` is written in ("en", "it"); empty when not a conversation's language (an
    /// agents' room). A page that shows the conversation (the web chat) follows it.
    std::string locale;
};

}  // namespace frontline
