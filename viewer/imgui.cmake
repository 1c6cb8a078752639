# Dear ImGui (third_party/imgui, fetched by tools/setup.sh) with its GLFW and OpenGL 3 backends, as
# the static library tp_imgui: the same sources for the browser viewer (Emscripten's GLFW, WebGL2)
# and the native one (Debian's GLFW, desktop OpenGL). Included by viewer/CMakeLists.txt.
set(IMGUI_DIR "${PROJECT_SOURCE_DIR}/third_party/imgui")
if(NOT EXISTS "${IMGUI_DIR}/imgui.cpp")
    message(FATAL_ERROR "${IMGUI_DIR} is missing: run tools/setup.sh first")
endif()

# Third-party code, compiled without the project's warnings. 32-bit ImWchar so emoji and CJK
# extension planes (beyond U+FFFF) reach the font loader. No default font: each backend brings
# its own (browser-drawn glyphs, or a font file).
add_library(tp_imgui STATIC
    "${IMGUI_DIR}/imgui.cpp" "${IMGUI_DIR}/imgui_draw.cpp" "${IMGUI_DIR}/imgui_tables.cpp"
    "${IMGUI_DIR}/imgui_widgets.cpp" "${IMGUI_DIR}/backends/imgui_impl_glfw.cpp"
    "${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
target_include_directories(tp_imgui SYSTEM PUBLIC "${IMGUI_DIR}" "${IMGUI_DIR}/backends")
target_compile_definitions(tp_imgui PUBLIC IMGUI_USE_WCHAR32 IMGUI_DISABLE_DEFAULT_FONT
    IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
target_compile_options(tp_imgui PRIVATE -w -O2 -fno-exceptions -fno-rtti)
# Compiled file by file, not in unity batches (the top CMakeLists): ImGui's sources are not written
# to share one translation unit (the OpenGL 3 backend's loader redeclares the GL types).
set_target_properties(tp_imgui PROPERTIES UNITY_BUILD OFF)
