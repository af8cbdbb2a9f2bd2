"""TikTok's wire shapes as typed msgspec models: requests (query or body) and answers (`data`).

One module per API family. Plain data, no Flask: backends may take these requests, views
return these answers, and `/openapi.json` is generated from them (`simulator.tiktok.openapi`).
"""
