#pragma once
// The feedback from the outbox to the handler: one of our messages will never arrive.
#include <string>

#include "core/clock.hpp"
#include "core/message.hpp"

namespace frontline {

/// The event that tells the handler about it: kind undeliverable, `where` = where the message was
/// going, `payload` = its message_key, `text` = why. Its id derives from the message's idempotency
/// key, so reporting the same row twice is one event for the inbox. `recipient_unreachable` when
/// the platform said the person refuses all our messages (DeliveryOutcome::recipient_unreachable).
InboundEvent undeliverable_event(const OutboundMessage& m, const std::string& error, TimePoint now,
                                 bool recipient_unreachable = false);

}  // namespace frontline
