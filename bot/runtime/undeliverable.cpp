#include "bot/runtime/undeliverable.hpp"

namespace frontline {

InboundEvent undeliverable_event(const OutboundMessage& m, const std::string& error, TimePoint now,
                                 bool recipient_unreachable) {
    InboundEvent e;
    e.event_id = "undeliverable:" + m.idempotency_key;
    e.kind = InboundKind::undeliverable;
    e.from = Identity{m.to.platform, ""};
    e.where = m.to;
    e.payload = m.message_key;
    e.text = error;
    e.received_at = now;
    e.recipient_unreachable = recipient_unreachable;
    return e;
}

}  // namespace frontline
