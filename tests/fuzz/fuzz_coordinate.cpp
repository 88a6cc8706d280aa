// libFuzzer target: a network coordinate as the tools exchange it (libcommon/coord/README.md,
// "JSON form"), from stdin or from the overlay. Properties:
//  * what parse_coordinate_text accepts re-encodes (to_json) to a text that parses to an equal
//    coordinate;
//  * distance() of a coordinate to itself is finite and >= 0;
//  * a Vivaldi node of the same dimension that observes it as a peer stays finite, and refuses it
//    (changing nothing) when it is not a vivaldi coordinate.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "libcommon/coord/coordinate.hpp"
#include "libcommon/coord/vivaldi.hpp"

namespace {

using namespace disco::coord;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "%s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);  // NOLINT
  auto c = parse_coordinate_text(text);
  if (!c) return 0;
  auto again = parse_coordinate_text(to_json(*c).dump());
  if (!again || !(*again == *c)) fail("to_json does not round-trip");
  auto d = distance(*c, *c);
  if (!d || !std::isfinite(*d) || *d < 0) fail("distance to itself is not a finite number >= 0");

  VivaldiConfig config;
  config.dimensions = c->vector.size();
  Vivaldi v(config, [] { return 0.5; });
  const auto before = v.coordinate();
  const auto outcome = v.observe("peer", *c, 25.0);
  if (c->model != Model::vivaldi && (outcome != Vivaldi::Outcome::refused_coord || !(v.coordinate() == before)))
    fail("a non-vivaldi peer coordinate moved the node");
  for (double x : v.coordinate().vector)
    if (!std::isfinite(x)) fail("the node's coordinate is not finite");
  if (!std::isfinite(v.coordinate().height) || !std::isfinite(v.error())) fail("height or error not finite");
  return 0;
}
