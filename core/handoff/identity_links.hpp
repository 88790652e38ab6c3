#pragma once
// One person across platforms: a person's one-time code (`link` on one platform, the code on the
// other) and the agents' `link-identity`. Linking two identities of different persons merges the
// persons (core/person_repository.hpp): their tickets, sessions, language and contact details become
// one person's. Every link is in the store's identity-link log, and each ticket whose requester
// changed person gets a `requester_linked` journal entry.
#include "core/handoff/desk_run.hpp"
#include "core/handoff/link_words.hpp"

namespace frontline::handoff {

class IdentityLinks {
public:
    explicit IdentityLinks(DeskRun& run) : run_(run) {}

    /// A person (not an agent, not in an agents' room) asked for a code or typed one.
    Status person_words(const LinkWords& w, const InboundEvent& e);
    /// "updates here" (`pinned`) or "updates where I write", by a person.
    Status choose_updates_place(bool pinned, const InboundEvent& e);
    /// `link-identity platform:user platform:user`, by an agent.
    Status by_agent(const AgentCommand& c, const InboundEvent& e, const Agent& agent);

private:
    Status give_code(const InboundEvent& e);
    Status redeem(const std::string& code, const InboundEvent& e);
    /// Journals `requester_linked` on the tickets whose requester moved to another person.
    Result<std::vector<TicketId>> journal_moved(const IdentityLink& link, const Identity& any, const std::string& actor);
    /// The language to speak to `who`: their person's, else the platform's hint, else the default.
    Result<std::string> language_of(const Identity& who, const std::string& hint);
    void say(const Address& to, const std::string& lang, const std::string& key, const Vars& vars = {});
    /// "Slack", "the web chat": how a platform is named to a person.
    std::string platform_name(const std::string& lang, const std::string& platform) const;

    DeskRun& run_;
};

}  // namespace frontline::handoff
