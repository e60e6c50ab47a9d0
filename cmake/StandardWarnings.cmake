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
if(INTERLINK_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  # Not a position-independent executable: a sanitized build carries millions
  # of relocations (UBSan's and ASan's per-check and per-global descriptors),
  # and applying them at every start doubled the run time of the end-to-end
  # suite, which starts the binary thousands of times.
  add_link_options(-fsanitize=address,undefined -no-pie)
endif()
