wrk.method="POST"
wrk.body="{\"tto_tcm_account_id\": \"7000000000000000001\", \"campaign_type\": \"CAMPAIGN\", \"campaign_name\": \"Bench write\", \"handle_names\": [\"mayaflores.creates\"], \"advertiser_ids\": [], \"default_spark_ads_requested_authorization_days\": 30, \"send_notification\": false, \"campaign_description\": \"Bench\", \"video_requirements\": {\"description\": \"Bench #ad\", \"required_elements\": [\"#ad\"]}, \"video_number\": 1}"
wrk.headers["Content-Type"]="application/json"
