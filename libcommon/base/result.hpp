#pragma once
// result<T, E>: a value or an error. DESIGN.md names boost::system::result, which arrived in
// Boost 1.80; Debian 12 ships 1.74 and C++20 has no std::expected, so this is the small subset
// disco needs. Swap it for std::expected when the project moves to C++23.

#include <cassert>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace disco::base {

template <class E>
struct failure {
  E error;
};
template <class E>
failure(E) -> failure<E>;

template <class T, class E = std::error_code>
class [[nodiscard]] result {
 public:
  using value_type = T;
  using error_type = E;

  result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  template <class G>
  requires std::is_constructible_v<E, G> result(failure<G> f)
      : v_(std::in_place_index<1>, E(std::move(f.error))) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const E& error() const { return std::get<1>(v_); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, E> v_;
};

}  // namespace disco::base
