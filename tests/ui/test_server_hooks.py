"""Hooks into Gradio's server: per-session state built light (a new session holds no
component configs until an event changes a component; it still sees every component and its
updates), and no matplotlib backend switch around each event step when it is not installed."""

from __future__ import annotations

import contextlib
import importlib.util

import gradio as gr


def test_a_new_session_builds_no_component_config_until_one_changes(app_services):
    from ui.app import build_app
    from ui.server import LightStateHolder

    app = build_app(app_services)
    holder = LightStateHolder()
    holder.set_blocks(app)
    assert app.state_holder is holder
    state = holder["session-1"]
    assert state.config_values == {}  # Gradio's own SessionState builds one per component
    markdown = next(b for b in app.blocks.values() if isinstance(b, gr.Markdown))
    assert state[markdown._id] is markdown  # every component is there, as Gradio's
    state._update_value_in_config(markdown._id, "**Drafting your plan**")
    assert list(state.config_values) == [markdown._id]
    assert state.config_values[markdown._id]["props"]["value"] == "**Drafting your plan**"
    assert holder["session-1"] is state and "session-2" not in holder


def test_the_running_app_builds_light_sessions(launched, client_for):
    from ui.server import LightSessionState, LightStateHolder

    client = client_for("maya")
    client.predict("", api_name="/search")
    holder = launched.server_app.state_holder
    assert isinstance(holder, LightStateHolder) and launched.state_holder is holder
    state = holder.session_data[client.session_hash]
    assert isinstance(state, LightSessionState)
    assert 0 < len(state.config_values) < len(launched.blocks) / 4  # only what events touched


def test_the_backend_switch_is_dropped_only_when_matplotlib_is_absent(monkeypatch):
    import gradio.utils

    from ui.server import no_matplotlib_switch

    switch = gradio.utils.MatplotlibBackendMananger
    monkeypatch.setattr(gradio.utils, "MatplotlibBackendMananger", switch)
    find = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: object() if name == "matplotlib" else find(name, *a))
    assert no_matplotlib_switch() is False and gradio.utils.MatplotlibBackendMananger is switch
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "matplotlib" else find(name, *a))
    assert no_matplotlib_switch() is True
    assert gradio.utils.MatplotlibBackendMananger is contextlib.nullcontext


def test_the_running_app_runs_event_steps_without_the_switch(launched):
    import gradio.utils

    assert importlib.util.find_spec("matplotlib") is None  # not installed with the app
    assert gradio.utils.MatplotlibBackendMananger is contextlib.nullcontext
