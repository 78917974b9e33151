"""Gradio's per-session state, built light: a new session holds no component configs until
an event changes a component; the session still sees every component and its updates."""

from __future__ import annotations

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
