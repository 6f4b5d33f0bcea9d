# node-llama-cpp's PREBUILT ggml / llama / llama-common shared libraries as IMPORTED targets, with the
# headers of the llama.cpp checkout of the same release. Included by scripts/llama-tools/CMakeLists.txt
# and native/runtime/CMakeLists.txt (their build scripts hash this file into their cache keys).
# Expects LLAMA_SRC and LLAMA_PREBUILT_DIR set and Threads found.
function(pw_prebuilt target file)
  if(NOT EXISTS "${LLAMA_PREBUILT_DIR}/${file}")
    message(FATAL_ERROR "node-llama-cpp's prebuilt ${file} is missing in ${LLAMA_PREBUILT_DIR}")
  endif()
  add_library(${target} SHARED IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES IMPORTED_LOCATION "${LLAMA_PREBUILT_DIR}/${file}")
endfunction()
pw_prebuilt(ggml-base libggml-base.so)
file(GLOB _ggml "${LLAMA_PREBUILT_DIR}/libggml.v*.so")
file(GLOB _llama "${LLAMA_PREBUILT_DIR}/libllama.v*.so")
if(NOT _ggml OR NOT _llama)
  message(FATAL_ERROR "libggml.v*.so or libllama.v*.so is missing in ${LLAMA_PREBUILT_DIR}")
endif()
get_filename_component(_ggml "${_ggml}" NAME)
get_filename_component(_llama "${_llama}" NAME)
pw_prebuilt(ggml ${_ggml})
pw_prebuilt(llama ${_llama})
pw_prebuilt(llama-common libllama-common.so)
set_target_properties(ggml-base PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${LLAMA_SRC}/ggml/include")
set_target_properties(ggml PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${LLAMA_SRC}/ggml/include"
  INTERFACE_LINK_LIBRARIES ggml-base)
set_target_properties(llama PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${LLAMA_SRC}/include"
  INTERFACE_LINK_LIBRARIES ggml)
# LLAMA_SUBPROCESS must match the prebuilt llama-common (common_subproc::is_supported() returns true
# there): it changes the layout of structs in common.h.
set_target_properties(llama-common PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${LLAMA_SRC}/common;${LLAMA_SRC}/vendor"
  INTERFACE_COMPILE_DEFINITIONS LLAMA_SUBPROCESS
  INTERFACE_LINK_LIBRARIES "llama;Threads::Threads")
