#pragma once
// People and their platform identities. A person may have identities on several platforms; the
// locale they chose, where they last wrote and the codes that prove a second identity are here.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/message.hpp"
#include "core/result.hpp"

namespace frontline {

struct Person {
    std::int64_t id = 0;
    std::string name;
    std::string locale;    ///< empty until known
    std::string timezone;  ///< IANA name, may be empty
    std::string contact;   ///< e-mail address (from a profile, or given when asked)
    std::string phone;     ///< phone number, tidied (core/contact_details.hpp)
    /// The bot asked how to reach them (answered or skipped): it does not ask again.
    bool contact_asked = false;
    std::vector<Identity> identities;
    /// The identity the person last wrote from and where (note_seen); unset until they write.
    /// With `updates_pinned`, the place the person chose for updates instead.
    std::optional<Identity> last_identity;
    Address last_address;
    /// The person said "updates here": writing elsewhere no longer moves last_identity/last_address.
    bool updates_pinned = false;
};

/// A one-time code that proves, on another platform, that its owner is the same person.
struct LinkCode {
    std::string code;
    Identity owner;
    Address where;  ///< where the owner asked for it: the confirmation goes there
    TimePoint created_at{};
    TimePoint expires_at{};
};

/// What a typed code turned out to be. A code is used once: a second use is `used`; `own` is a code
/// typed in the very chat that asked for it (left unused: it is meant for the other platform).
enum class LinkCodeCheck { valid, unknown, expired, used, own };

struct RedeemedCode {
    LinkCodeCheck check = LinkCodeCheck::unknown;
    std::optional<LinkCode> code;  ///< with valid (and with expired/used, for the answer's wording)
};

/// What linking two identities did.
struct IdentityLink {
    std::int64_t person_id = 0;  ///< the person both identities now belong to
    bool already = false;        ///< they were the same person already: nothing changed
    /// The person merged into `person_id` (deleted), when the added identity had one of its own.
    std::optional<std::int64_t> merged_person;
    /// The identities that changed person (the added one, and the merged person's others).
    std::vector<Identity> moved;
};

class PersonRepository {
public:
    virtual ~PersonRepository() = default;
    /// Finds the person with this identity, creating them (with name/contact) when new. Non-empty
    /// name and contact update the stored ones.
    virtual Result<Person> upsert_person(const Identity& id, const std::string& name, const std::string& contact) = 0;
    virtual Result<std::optional<Person>> find_person(const Identity& id) = 0;
    virtual Status set_locale(const Identity& id, const std::string& locale) = 0;
    /// Remembers the person's IANA time zone (how times are said to them); not_found for no person.
    virtual Status set_time_zone(const Identity& id, const std::string& zone) = 0;
    /// What the person answered before a hand-off: non-empty fields replace the stored ones, and
    /// the person counts as asked (also when everything is empty: they skipped).
    virtual Status set_contact(const Identity& id, const std::string& name, const std::string& email,
                               const std::string& phone) = 0;
    /// Links another identity to the person who owns `existing` (link_person_identity by "system").
    virtual Status link_identity(const Identity& existing, const Identity& added) = 0;
    /// Links `added` to the person who owns `existing`. When `added` belongs to another person,
    /// that person is merged into the first: all their identities (and so their tickets, sessions
    /// and held messages, which hang on identities) move; name, contact, locale and time zone fill
    /// the survivor's blanks; the other person is deleted. Recorded in the identity-link log with
    /// `actor` ("code", or the agent's handle). Refused (not_found) when `existing` has no person.
    virtual Result<IdentityLink> link_person_identity(const Identity& existing, const Identity& added,
                                                      const std::string& actor, TimePoint at) = 0;
    /// Remembers that the person with this identity last wrote from it, at `where` (a person is
    /// created when new). Messages for a linked person go there.
    /// Does nothing while the person has pinned where updates go (choose_updates_place).
    virtual Status note_seen(const Identity& id, const Address& where) = 0;
    /// The person chose: `pinned`, updates go to `where` (this identity) from now on, wherever
    /// they write; not pinned, updates follow where they last wrote again (starting here).
    virtual Status choose_updates_place(const Identity& id, const Address& where, bool pinned) = 0;
    /// Stores a new code; the owner's older unused codes stop working.
    virtual Status save_link_code(const LinkCode& code) = 0;
    /// Looks the code up for `redeemer` and, when valid at `now`, uses it up (a second use is `used`).
    virtual Result<RedeemedCode> redeem_link_code(const std::string& code, const Identity& redeemer, TimePoint now) = 0;
};

}  // namespace frontline
