"""The game's screens: title, delegation, brief, negotiation (with silence, vote and
explanations of vote), debrief."""
