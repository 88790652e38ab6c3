#pragma once
// The feedback from the outbox to the handler: one of our messages will never arrive.
#include <string>

#include "core/clock.hpp"
#include "core/message.hpp"

namespace frontline {

/// The event that tells the handler about it: kind undeliverable, `where` = where the message was
/// going, `payload` = its message_key, `text` = why. Its id derives from the message's idempotency
/// key, so reporting the same row twice is one event for the inbox.
InboundEvent undeliverable_event(const OutboundMessage& m, const std::string& error, TimePoint now);

}  // namespace frontline
