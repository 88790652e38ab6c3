// Parser for config/flows/<id>.json: the shape of each node. Graph checks live in config_validation.cpp.
#include <array>
#include <cstdint>

#include "core/engine/config_parsers.hpp"
#include "core/engine/json_reading.hpp"

namespace frontline {
namespace {

using nlohmann::json;
using namespace json_reading;

constexpr std::array<std::pair<NodeType, std::string_view>, 9> kNodeTypes{{
    {NodeType::message, "message"},
    {NodeType::choice, "choice"},
    {NodeType::yes_no, "yes_no"},
    {NodeType::text, "text"},
    {NodeType::branch, "branch"},
    {NodeType::fix, "fix"},
    {NodeType::set, "set"},
    {NodeType::escalate, "escalate"},
    {NodeType::resolve, "resolve"},
}};

/// Reads a required string member into `dest`.
Status need(const json& n, const char* key, const std::string& where, std::string& dest) {
    auto v = string_at(n, key, where);
    if (!v) return v.error();
    if (v->empty()) return error_at(where, std::string("'") + key + "' must not be empty");
    dest = std::move(*v);
    return {};
}

/// Reads an optional string member into `dest`.
Status maybe(const json& n, const char* key, const std::string& where, std::string& dest) {
    auto v = string_at(n, key, where, std::string());
    if (!v) return v.error();
    dest = std::move(*v);
    return {};
}

Status parse_choices(const json& n, const std::string& where, FlowNode& node) {
    auto it = n.find("choices");
    if (it == n.end() || !it->is_array() || it->empty()) return error_at(where, "'choices' must be a non-empty list");
    for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& c = (*it)[i];
        const std::string here = where + " choice " + std::to_string(i + 1);
        if (!c.is_object()) return error_at(here, "expected an object");
        FlowChoice choice;
        if (auto s = need(c, "label", here, choice.label); !s) return s;
        if (auto s = maybe(c, "value", here, choice.value); !s) return s;
        if (choice.value.empty()) choice.value = choice.label;
        if (auto s = string_at(c, "next", here, std::string()); !s || s->empty())
            return error_at(here + " ('" + choice.value + "')", "has no target ('next')");
        else
            choice.next = *s;
        node.choices.push_back(std::move(choice));
    }
    return {};
}

Status parse_validation(const json& n, const std::string& where, FlowNode& node) {
    auto it = n.find("validate");
    if (it == n.end() || it->is_null()) return {};
    if (!it->is_object()) return error_at(where, "'validate' must be an object");
    for (auto [key, dest] : {std::pair{"min_length", &node.validate.min_length}, std::pair{"max_length", &node.validate.max_length}}) {
        auto v = it->find(key);
        if (v == it->end() || v->is_null()) continue;
        if (!v->is_number_unsigned()) return error_at(where, std::string("validate.") + key + " must be a whole number >= 0");
        *dest = v->get<std::size_t>();
    }
    if (node.validate.min_length > node.validate.max_length)
        return error_at(where, "validate.min_length is larger than validate.max_length");
    return maybe(*it, "pattern", where + " validate", node.validate.pattern);
}

Status parse_cases(const json& n, const std::string& where, FlowNode& node) {
    auto it = n.find("cases");
    if (it != n.end() && !it->is_null()) {
        if (!it->is_array()) return error_at(where, "'cases' must be a list");
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& c = (*it)[i];
            const std::string here = where + " case " + std::to_string(i + 1);
            if (!c.is_object()) return error_at(here, "expected an object");
            BranchCase bc;
            if (auto s = maybe(c, "equals", here, bc.equals); !s) return s;
            if (auto s = maybe(c, "match", here, bc.match); !s) return s;
            if (bc.equals.empty() && bc.match.empty()) return error_at(here, "needs 'equals' or 'match'");
            if (auto s = need(c, "next", here, bc.next); !s) return error_at(here, "has no target ('next')");
            node.cases.push_back(std::move(bc));
        }
    }
    return need(n, "default", where, node.default_next);
}

Status parse_from_text(const json& n, const std::string& where, FlowNode& node) {
    auto it = n.find("from_text");
    if (it == n.end() || it->is_null()) return {};
    if (!it->is_array()) return error_at(where, "'from_text' must be a list of {\"match\", \"value\"}");
    for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& f = (*it)[i];
        const std::string here = where + " from_text " + std::to_string(i + 1);
        if (!f.is_object()) return error_at(here, "expected an object");
        TextFill fill;
        if (auto s = need(f, "match", here, fill.match); !s) return s;
        if (auto s = need(f, "value", here, fill.value); !s) return s;
        node.from_text.push_back(std::move(fill));
    }
    return {};
}

Status parse_node(const json& n, const std::string& where, FlowNode& node) {
    if (!n.is_object()) return error_at(where, "expected an object");
    std::string type_name;
    if (auto s = need(n, "type", where, type_name); !s) return s;
    auto type = parse_node_type(type_name);
    if (!type) return error_at(where, "unknown type '" + type_name + "'");
    node.type = *type;
    switch (node.type) {
        case NodeType::message:
            if (auto s = need(n, "text", where, node.text); !s) return s;
            return need(n, "next", where, node.next);
        case NodeType::choice:
            if (auto s = need(n, "text", where, node.text); !s) return s;
            if (auto s = maybe(n, "field", where, node.field); !s) return s;
            if (auto s = parse_from_text(n, where, node); !s) return s;
            return parse_choices(n, where, node);
        case NodeType::yes_no:
            if (auto s = need(n, "text", where, node.text); !s) return s;
            if (auto s = maybe(n, "field", where, node.field); !s) return s;
            if (auto s = parse_from_text(n, where, node); !s) return s;
            if (auto s = need(n, "yes", where, node.yes); !s) return s;
            return need(n, "no", where, node.no);
        case NodeType::text:
            if (auto s = need(n, "text", where, node.text); !s) return s;
            if (auto s = maybe(n, "field", where, node.field); !s) return s;
            if (auto s = maybe(n, "error", where, node.error); !s) return s;
            if (auto s = parse_validation(n, where, node); !s) return s;
            return need(n, "next", where, node.next);
        case NodeType::branch:
            if (auto s = need(n, "field", where, node.field); !s) return s;
            return parse_cases(n, where, node);
        case NodeType::fix:
            if (auto s = need(n, "kb", where, node.kb); !s) return s;
            if (auto s = maybe(n, "text", where, node.text); !s) return s;
            if (auto s = need(n, "yes", where, node.yes); !s) return s;
            return need(n, "no", where, node.no);
        case NodeType::set:
            if (auto s = need(n, "field", where, node.field); !s) return s;
            if (auto s = need(n, "value", where, node.value); !s) return s;
            return need(n, "next", where, node.next);
        case NodeType::escalate: {
            std::string tier;
            if (auto s = maybe(n, "tier", where, tier); !s) return s;
            if (!tier.empty()) {
                auto t = parse_tier(tier);
                if (!t || *t == Tier::l1) return error_at(where, "tier '" + tier + "' must be L2 or L3");
                node.tier = *t;
            }
            return maybe(n, "text", where, node.text);
        }
        case NodeType::resolve:
            if (auto s = maybe(n, "text", where, node.text); !s) return s;
            if (auto s = maybe(n, "code", where, node.code); !s) return s;
            if (node.code.empty()) node.code = "known_fix";
            return {};
    }
    return {};
}

}  // namespace

std::optional<NodeType> parse_node_type(std::string_view name) {
    for (const auto& [type, text] : kNodeTypes)
        if (text == name) return type;
    return std::nullopt;
}

std::string_view to_string(NodeType t) {
    for (const auto& [type, text] : kNodeTypes)
        if (type == t) return text;
    return "?";
}

std::string flow_version_of(std::string_view text) {
    // 64-bit FNV-1a: not a security boundary, only "is this the same text"; 16 hex digits read
    // well in check-config and collide with negligible odds among a desk's few flow edits.
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    static const char* kHex = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = kHex[h & 0xf];
    return out;
}

Result<Flow> parse_flow(std::string_view text, const std::string& file) {
    auto j = parse_object(text, file);
    if (!j) return j.error();
    Flow flow;
    flow.file = file;
    flow.definition = std::string(text);
    flow.version = flow_version_of(text);
    if (auto s = need(*j, "id", file, flow.id); !s) return s.error();
    if (auto s = need(*j, "start", file, flow.start); !s) return s.error();
    auto nodes = j->find("nodes");
    if (nodes == j->end() || !nodes->is_object() || nodes->empty())
        return error_at(file, "'nodes' must be a non-empty object of node id -> node");
    for (const auto& [id, n] : nodes->items()) {
        FlowNode node;
        node.id = id;
        if (auto s = parse_node(n, file + ": node '" + id + "'", node); !s) return s.error();
        flow.nodes.emplace(id, std::move(node));
    }
    return flow;
}

}  // namespace frontline
