#pragma once
// Content from other namespaces. Every RFC 4575 s6 complex type ends in
// <xs:any namespace="##other" processContents="lax"/> and/or carries
// <xs:anyAttribute namespace="##other"/>; a subscriber keeps what it does not understand where it
// appeared, so a document it re-serialises (a cascaded focus acting as state agent, s3.10) still
// carries it.

#include <string>
#include <vector>

namespace disco::conference {

struct ExtensionAttribute {
  std::string prefix;  // as written, so re-serialisation declares the same prefix
  std::string ns;      // namespace URI: never empty, never conference-info's (those are not ##other)
  std::string name;    // local name
  std::string value;

  bool operator==(const ExtensionAttribute&) const = default;
};

struct Extensions {
  std::vector<ExtensionAttribute> attributes;
  // Each one whole element as XML text, carrying the namespace declarations it uses, so it stands
  // alone wherever it is written (parse() produces them in that form).
  std::vector<std::string> elements;

  [[nodiscard]] bool empty() const { return attributes.empty() && elements.empty(); }
  bool operator==(const Extensions&) const = default;
};

}  // namespace disco::conference
