#include "store_test_support.hpp"

namespace frontline::testing {

Ticket sample_ticket(TicketId id, TimePoint at, std::string title, std::string category) {
    Ticket t;
    t.id = id;
    t.type = id.type();
    t.status = TicketStatus::new_;
    t.category = std::move(category);
    t.requester = {"Ada Lovelace", {"slack", "U100"}, "ada@example.com", ""};
    t.address = {"slack", "D100", ""};
    t.title = std::move(title);
    t.description = t.title;
    t.reported_at = at;
    t.logged_at = at;
    return t;
}

}  // namespace frontline::testing
