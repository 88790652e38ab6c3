// The call feature's core: what is booked when, who is told what. The booking page only ever talks
// to the store through here, inside the engine loop's transaction, so "is this slot still free?"
// and "book it" cannot be separated by another confirm.
#include "core/handoff/calls.hpp"

#include <algorithm>
#include <cstdio>

#include "core/timer_keys.hpp"

namespace frontline::handoff {

using nlohmann::json;
using namespace std::chrono;

namespace {

std::string minutes_of(Seconds s) { return std::to_string(duration_cast<minutes>(s).count()); }

std::optional<std::int64_t> int_field(const json& p, const char* key) {
    if (!p.contains(key) || !p[key].is_number_integer()) return std::nullopt;
    return p[key].get<std::int64_t>();
}

long long to_unix_seconds(TimePoint t) { return static_cast<long long>(t.time_since_epoch().count()); }

/// The requester as agents read it: the name, or the platform's id when the profile gave none.
std::string requester_label(const Ticket& t) { return t.requester.name.empty() ? t.requester.identity.user_id : t.requester.name; }

/// Calls are for tickets the humans are working on: not before the hand-off, not once resolved.
bool open_for_calls(const Ticket& t) {
    return is_open(t.status) && t.status != TicketStatus::new_ && t.status != TicketStatus::in_diagnosis &&
           t.status != TicketStatus::resolved;
}

std::string string_field(const json& p, const char* key) {
    return p.contains(key) && p[key].is_string() ? p[key].get<std::string>() : std::string();
}

}  // namespace

TimePoint manage_link_expiry(const Booking& b) { return b.end + hours{24}; }

SlotRules call_slot_rules(const CallSettings& s, Seconds duration) {
    SlotRules r;
    r.duration = duration;
    r.buffer = s.buffer;
    r.step = s.step;
    r.lead = s.lead;
    r.working_days = s.working_days;
    return r;
}

Result<std::vector<TimePoint>> open_call_slots(const DeskConfig& cfg, BookingRepository& bookings, const Agent& agent,
                                               Seconds duration, TimePoint now, std::int64_t except) {
    SlotRules rules = call_slot_rules(cfg.settings.calls, duration);
    // The calendar of the agent's first team that has one of its own (sla.calendars), else the default.
    std::string team = "default";
    for (const auto& t : agent.teams)
        if (cfg.settings.sla.has_calendar(t)) {
            team = t;
            break;
        }
    rules.calendar = &cfg.settings.sla.calendar(team);
    const BusySpan horizon = slot_horizon(now, rules);
    auto taken = bookings.agent_bookings(agent.handle, horizon.start, horizon.end);
    if (!taken) return taken.error();
    std::vector<BusySpan> busy;
    for (const auto& b : *taken)
        if (b.id != except) busy.push_back({b.start, b.end});
    return free_slots(agent, now, rules, busy);
}

std::string format_call_time(TimePoint t, const TimeZone* zone) {
    const local_seconds local = zone ? zone->local_time(t) : local_seconds{t.time_since_epoch()};
    const auto day = floor<days>(local);
    const year_month_day ymd{day};
    const hh_mm_ss<seconds> hms{local - day};
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02ld:%02ld", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()));
    return std::string(buf) + " (" + (zone ? zone->name() : std::string("UTC")) + ")";
}

std::string meeting_of(const CallSettings& s, const std::string& room) {
    std::string out = s.meeting_template;
    if (const auto at = out.find("{room}"); at != std::string::npos) out.replace(at, 6, room);
    return out;
}

CallInvite invite_of(const Ticket& t, const Booking& b, const Agent& a, TimePoint stamp) {
    CallInvite v;
    v.uid = "call-" + std::to_string(b.id) + "-" + t.id.str() + "@frontline";
    v.stamp = stamp;
    v.start = b.start;
    v.end = b.end;
    v.cancelled = b.status == BookingStatus::cancelled;
    // Each change re-sends the invite: the sequence grows with time, as calendars expect.
    v.sequence = static_cast<int>((stamp - b.created_at).count() / 60);
    if (v.sequence < 0) v.sequence = 0;
    v.summary = t.id.str() + ": " + (t.title.empty() ? std::string("service desk call") : t.title);
    const bool is_link = b.meeting.rfind("https://", 0) == 0 || b.meeting.rfind("http://", 0) == 0;
    if (is_link) v.url = b.meeting;
    v.location = b.meeting;
    v.description = t.id.str() + " - " + a.name + "\n" + b.meeting;
    v.organizer_name = a.name;
    v.organizer_uri = "urn:frontline:agent:" + a.handle;
    v.attendee_name = t.requester.name.empty() ? t.requester.identity.user_id : t.requester.name;
    v.attendee_uri = t.requester.contact.find('@') != std::string::npos && t.requester.contact.find(':') == std::string::npos
                         ? "mailto:" + t.requester.contact
                         : "urn:frontline:" + t.requester.identity.platform + ":" + t.requester.identity.user_id;
    return v;
}

Status Calls::offer(Ticket t, const InboundEvent& e, const Agent& a, int minutes_asked) {
    const auto& cfg = run_.config();
    if (!cfg.call_links) {
        run_.answer(e, run_.agent_text("handoff.call.not_configured"));
        return {};
    }
    if (!open_for_calls(t))
        return make_error(Errc::invalid_transition, run_.agent_text("handoff.agent.not_open", {{"status", std::string(to_string(t.status))}}));
    if (t.assignee != a.handle)
        return make_error(Errc::forbidden, run_.agent_text("handoff.call.claim_first", {{"ticket", t.id.str()}}));
    const Seconds duration = minutes_asked > 0 ? Seconds{minutes_asked * 60} : cfg.settings.calls.default_duration;
    if (duration < Seconds{5 * 60} || duration > cfg.settings.calls.max_duration)
        return make_error(Errc::invalid_argument,
                          run_.agent_text("handoff.call.bad_length", {{"max", minutes_of(cfg.settings.calls.max_duration)}}));
    const TimePoint expires = run_.now() + cfg.settings.calls.link_valid;
    const std::string link = cfg.call_links->booking_link(t.id, a.handle, duration, expires, run_.next_key());
    if (auto ok = run_.journal(t, actor_of(a).label(), "call_offered",
                               {{"agent", a.handle}, {"minutes", duration.count() / 60}, {"expires", format_iso8601(expires)}});
        !ok)
        return ok;
    run_.tell_requester(t, "handoff.call.requester_offer",
                        {{"ticket", t.id.str()}, {"agent", a.name}, {"minutes", minutes_of(duration)}, {"link", link},
                         {"hours", std::to_string(duration_cast<hours>(cfg.settings.calls.link_valid).count())}});
    run_.answer(e, run_.agent_text("handoff.call.agent_offered", {{"ticket", t.id.str()}, {"minutes", minutes_of(duration)}}));
    return {};
}

Status Calls::page_action(const InboundEvent& e) {
    const json p = json::parse(e.payload, nullptr, false);
    if (!p.is_object()) return {};  // bot/ only sends what it built: nothing to do with anything else
    const std::string action = string_field(p, "action");
    if (action == "book") return book(p);
    if (action == "reschedule") return reschedule(p);
    if (action == "cancel") return cancel_by_requester(p);
    return {};
}

Status Calls::book(const json& p) {
    const auto id = TicketId::parse(string_field(p, "ticket"));
    const Agent* a = run_.config().directory.agent_by_reference(string_field(p, "agent"));
    const auto start = int_field(p, "start");
    const auto duration = int_field(p, "duration");
    const std::string nonce = string_field(p, "nonce");
    if (!id || !a || !start || !duration || nonce.empty()) return {};
    auto t = run_.load(*id);
    if (!t) return t.error().code == Errc::not_found ? Status{} : Status{t.error()};
    if (!open_for_calls(*t)) return {};  // closed while the page was open: the page says so
    auto& bookings = run_.bookings();
    auto used = bookings.booking_by_nonce(nonce);
    if (!used) return used.error();
    if (*used) return {};  // the link booked already (a second tab): the page shows that booking
    auto slots = open_call_slots(run_.config(), bookings, *a, Seconds{*duration}, run_.now());
    if (!slots) return slots.error();
    const TimePoint at{Seconds{*start}};
    const bool free = std::binary_search(slots->begin(), slots->end(), at);
    Booking b;
    b.ticket = t->id;
    b.agent = a->handle;
    b.requester = t->requester.identity;
    b.start = at;
    b.end = at + Seconds{*duration};
    b.nonce = nonce;
    b.meeting = meeting_of(run_.config().settings.calls, run_.config().call_links ? run_.config().call_links->meeting_room(nonce) : nonce);
    b.requester_zone = string_field(p, "zone");
    b.created_at = run_.now();
    Status inserted = free ? bookings.insert_booking(b) : Status{make_error(Errc::conflict, "taken")};
    if (!inserted) {
        if (inserted.error().code != Errc::conflict) return inserted;
        // Lost the race (or the slot went while the page was open): the page offers fresh slots.
        return run_.journal(*t, Actor::requester(t->requester.identity).label(), "call_slot_taken",
                            {{"agent", a->handle}, {"start", format_iso8601(at)}});
    }
    if (auto ok = run_.journal(*t, Actor::requester(t->requester.identity).label(), "call_booked",
                               {{"booking", b.id}, {"agent", a->handle}, {"start", format_iso8601(b.start)},
                                {"end", format_iso8601(b.end)}, {"meeting", b.meeting}, {"zone", b.requester_zone}});
        !ok)
        return ok;
    announce(*t, b, *a, "handoff.call.requester_booked", "handoff.call.agent_booked");
    return {};
}

Status Calls::reschedule(const json& p) {
    const auto booking_id = int_field(p, "booking");
    const auto start = int_field(p, "start");
    if (!booking_id || !start) return {};
    auto& bookings = run_.bookings();
    auto found = bookings.booking_by_id(*booking_id);
    if (!found) return found.error();
    if (!*found || (*found)->status != BookingStatus::booked) return {};
    Booking b = **found;
    const Agent* a = run_.config().directory.agent_by_reference(b.agent);
    auto t = run_.load(b.ticket);
    if (!t) return t.error();
    if (!a || !open_for_calls(*t)) return {};
    auto slots = open_call_slots(run_.config(), bookings, *a, b.end - b.start, run_.now(), b.id);
    if (!slots) return slots.error();
    const TimePoint at{Seconds{*start}};
    const TimePoint before = b.start;
    const std::string zone = string_field(p, "zone");
    if (!zone.empty()) b.requester_zone = zone;
    b.end = at + (b.end - b.start);
    b.start = at;
    Status moved = std::binary_search(slots->begin(), slots->end(), at) ? bookings.update_booking(b)
                                                                        : Status{make_error(Errc::conflict, "taken")};
    if (!moved) {
        if (moved.error().code != Errc::conflict) return moved;
        return run_.journal(*t, Actor::requester(t->requester.identity).label(), "call_slot_taken",
                            {{"agent", a->handle}, {"start", format_iso8601(at)}, {"booking", b.id}});
    }
    if (auto ok = run_.journal(*t, Actor::requester(t->requester.identity).label(), "call_rescheduled",
                               {{"booking", b.id}, {"from", format_iso8601(before)}, {"start", format_iso8601(b.start)},
                                {"end", format_iso8601(b.end)}});
        !ok)
        return ok;
    announce(*t, b, *a, "handoff.call.requester_moved", "handoff.call.agent_moved");
    return {};
}

Status Calls::cancel_by_requester(const json& p) {
    const auto booking_id = int_field(p, "booking");
    if (!booking_id) return {};
    auto found = run_.bookings().booking_by_id(*booking_id);
    if (!found) return found.error();
    if (!*found || (*found)->status != BookingStatus::booked) return {};
    auto t = run_.load((*found)->ticket);
    if (!t) return t.error();
    return cancel(*t, **found, Actor::requester(t->requester.identity).label(), "requester");
}

Status Calls::cancel_by_agent(Ticket t, const InboundEvent& e, const Agent& a) {
    const BusySpan horizon = slot_horizon(run_.now(), call_slot_rules(run_.config().settings.calls, Seconds{0}));
    auto mine = run_.bookings().agent_bookings(a.handle, run_.now() - hours{24}, horizon.end + days{30});
    if (!mine) return mine.error();
    int cancelled = 0;
    for (const auto& b : *mine) {
        if (b.ticket != t.id) continue;
        if (auto ok = cancel(t, b, actor_of(a).label(), "agent"); !ok) return ok;
        ++cancelled;
    }
    run_.answer(e, run_.agent_text(cancelled ? "handoff.call.agent_cancel_ok" : "handoff.call.none_booked", {{"ticket", t.id.str()}}));
    return {};
}

Status Calls::cancel(const Ticket& t, Booking b, const std::string& actor, const std::string& by) {
    b.status = BookingStatus::cancelled;
    if (auto ok = run_.bookings().update_booking(b); !ok) return ok;
    if (auto ok = run_.journal(t, actor, "call_cancelled", {{"booking", b.id}, {"by", by}, {"start", format_iso8601(b.start)}}); !ok)
        return ok;
    run_.cancel(timers::call_reminder_key(b.id));
    const Agent* a = run_.config().directory.agent_by_reference(b.agent);
    run_.tell_requester(t, "handoff.call.requester_cancelled",
                        {{"ticket", t.id.str()}, {"time", run_.requester_words(t, b.requester_zone).at(b.start)}});
    if (a) run_.dm(*a, t, run_.agent_text("handoff.call.agent_cancelled",
                                          {{"ticket", t.id.str()}, {"time", run_.agent_words(*a).at(b.start)},
                                           {"by", by == "agent" ? a->name : requester_label(t)}}),
                   t.restricted);
    return {};
}

void Calls::announce(const Ticket& t, const Booking& b, const Agent& a, const std::string& requester_key,
                     const std::string& agent_key) {
    const auto& cfg = run_.config();
    const std::string invite = cfg.call_links ? cfg.call_links->invite_link(b.id, t.id, manage_link_expiry(b)) : std::string();
    const std::string manage = cfg.call_links ? cfg.call_links->manage_link(b.id, t.id, manage_link_expiry(b)) : std::string();
    run_.tell_requester(t, requester_key,
                        {{"ticket", t.id.str()}, {"agent", a.name}, {"time", run_.requester_words(t, b.requester_zone).at(b.start)},
                         {"minutes", minutes_of(b.end - b.start)}, {"meeting", b.meeting}, {"invite", invite}, {"manage", manage}});
    run_.dm(a, t, run_.agent_text(agent_key, {{"ticket", t.id.str()}, {"requester", requester_label(t)},
                                              {"time", run_.agent_words(a).at(b.start)},
                                              {"minutes", minutes_of(b.end - b.start)}, {"meeting", b.meeting}, {"invite", invite}}),
            t.restricted);
    const TimePoint remind_at = b.start - cfg.settings.calls.reminder_before;
    if (remind_at > run_.now())
        run_.arm({timers::call_reminder_key(b.id), remind_at, timers::kCallReminder,
                  json{{"ticket", t.id.str()}, {"booking", b.id}, {"start", to_unix_seconds(b.start)}}.dump()});
    else
        run_.cancel(timers::call_reminder_key(b.id));
}

Status Calls::remind(Ticket t, const TimerRequest&, const json& p) {
    const auto booking_id = int_field(p, "booking");
    const auto start = int_field(p, "start");
    if (!booking_id || !start) return {};
    auto found = run_.bookings().booking_by_id(*booking_id);
    if (!found) return found.error();
    // Cancelled or moved since the timer was armed: the move armed its own reminder.
    if (!*found || (*found)->status != BookingStatus::booked || to_unix_seconds((*found)->start) != *start) return {};
    const Booking& b = **found;
    if (run_.now() >= b.start) return {};  // fired late (the service was down): the call has begun
    const Agent* a = run_.config().directory.agent_by_reference(b.agent);
    const std::string mins = minutes_of(duration_cast<Seconds>(b.start - run_.now()));
    run_.tell_requester(t, "handoff.call.requester_reminder",
                        {{"ticket", t.id.str()}, {"minutes", mins}, {"meeting", b.meeting}, {"agent", a ? a->name : b.agent}});
    if (a) run_.dm(*a, t, run_.agent_text("handoff.call.agent_reminder", {{"ticket", t.id.str()}, {"minutes", mins}, {"meeting", b.meeting}}),
                   t.restricted);
    return run_.journal(t, Actor::system().label(), "call_reminder", {{"booking", b.id}});
}

}  // namespace frontline::handoff
