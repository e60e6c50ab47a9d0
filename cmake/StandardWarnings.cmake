# Warning flags and sanitizers in one place, on an INTERFACE target that the
# project's own targets link (after ccache's StandardWarnings.cmake). Third-party
# headers are system includes, so their warnings stay out of our way.
add_library(interlink_warnings INTERFACE)
target_compile_options(interlink_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Wunused -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(INTERLINK_WERROR)
  target_compile_options(interlink_warnings INTERFACE -Werror)
endif()
# GCC 12 (Debian 12's) warns falsely at -O3 that std::string's copies may
# overlap (-Wrestrict; GCC bugs 105329 and 105651, fixed in 13): where it
# fires depends on inlining, so on which files a unity batch holds, and a
# rewrite of each line it names only moves it. Off in Release builds with
# GCC 12 alone: the development and CI builds (RelWithDebInfo, -O2, with
# -Werror) keep it.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(interlink_warnings INTERFACE $<$<CONFIG:Release>:-Wno-restrict>)
endif()
if(INTERLINK_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  # Not a position-independent executable: a sanitized build carries millions
  # of relocations (UBSan's and ASan's per-check and per-global descriptors),
  # and applying them at every start doubled the run time of the end-to-end
  # suite, which starts the binary thousands of times.
  add_link_options(-fsanitize=address,undefined -no-pie)
endif()
