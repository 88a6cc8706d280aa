#pragma once
// Namespaces in XML 1.0 on top of pugixml, which sees only qualified names: the prefix/local split
// and the declarations in scope while walking a tree. Internal to this layer.

#include <cstddef>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace disco::conference::detail {

inline constexpr std::string_view xml_namespace = "http://www.w3.org/XML/1998/namespace";

struct QName {
  std::string_view prefix;
  std::string_view local;
};

inline QName split_name(const char* name) {
  std::string_view q(name);
  auto colon = q.find(':');
  if (colon == std::string_view::npos) return {{}, q};
  return {q.substr(0, colon), q.substr(colon + 1)};
}

inline bool is_namespace_declaration(QName n) {
  return (n.prefix.empty() && n.local == "xmlns") || n.prefix == "xmlns";
}

// Declarations in scope, innermost last. The views point into the pugixml document being walked.
class Scope {
 public:
  // Adds the declarations `element` makes; returns how many, for pop().
  std::size_t push(const pugi::xml_node& element) {
    std::size_t n = 0;
    for (auto a = element.first_attribute(); a; a = a.next_attribute()) {
      auto q = split_name(a.name());
      if (!is_namespace_declaration(q)) continue;
      decls_.emplace_back(q.prefix.empty() ? std::string_view{} : q.local, a.value());
      ++n;
    }
    return n;
  }
  void pop(std::size_t n) { decls_.resize(decls_.size() - n); }

  // The namespace bound to `prefix`. An unprefixed name outside any default namespace has none
  // (""); an undeclared prefix is nullopt.
  [[nodiscard]] std::optional<std::string_view> lookup(std::string_view prefix) const {
    if (prefix == "xml") return xml_namespace;
    for (auto it = decls_.rbegin(); it != decls_.rend(); ++it) {
      if (it->first == prefix) return it->second;
    }
    if (prefix.empty()) return std::string_view{};
    return std::nullopt;
  }

 private:
  std::vector<std::pair<std::string_view, std::string_view>> decls_;
};

class ScopeGuard {
 public:
  ScopeGuard(Scope& scope, const pugi::xml_node& element) : scope_(scope), n_(scope.push(element)) {}
  ~ScopeGuard() { scope_.pop(n_); }
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;

 private:
  Scope& scope_;
  std::size_t n_;
};

inline pugi::xml_node first_element(const pugi::xml_node& n) {
  for (auto c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) return c;
  }
  return {};
}

inline pugi::xml_node next_element(const pugi::xml_node& n) {
  for (auto c = n.next_sibling(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) return c;
  }
  return {};
}

// pugixml output appended to a std::string.
class StringWriter final : public pugi::xml_writer {
 public:
  void write(const void* data, std::size_t size) override { out.append(static_cast<const char*>(data), size); }
  std::string out;
};

// Options for every pugixml parse in this layer. parse_ws_pcdata_single keeps a whitespace-only
// value of a simple element ("<display-text> </display-text>") while still dropping indentation
// between elements; parse_eol applies XML 1.0 s2.11 line-end handling.
inline constexpr unsigned parse_options = pugi::parse_default | pugi::parse_ws_pcdata_single;

}  // namespace disco::conference::detail
