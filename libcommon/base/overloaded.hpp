#pragma once

namespace disco::base {

// The usual visitor helper for std::visit over several lambdas.
template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
// clang 14 does not yet deduce aggregate template arguments (P1816), so spell the guide out.
template <class... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace disco::base
